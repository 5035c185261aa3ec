/**
 * Issue 14: serve writes JSON lines, one per request and per job state change, and never a
 * secret. Real work first (a browser login, a private target with keys, a job encoded with
 * real ffmpeg and published to s3rver, presigned playback and a share link), then every
 * secret that work handled is looked for in the log.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Job } from '../../../src/shared/job'
import { relayedUrl } from '../../../src/main/server/playback-relay'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import { dataPaths } from '../../../src/main/engine/data-dir'
import { makeClip } from '../../helpers/media'
import { S3RVER_ACCESS_KEY_ID, startS3Server, type TestS3Server } from '../../helpers/s3-server'
import { browserSession, connectClient, startTestServer, TEST_TOKEN, type TestServer } from '../../helpers/serve'

const BUCKET = 'logs-private'
const SECRET_KEY = 'log-test-secret-7f3a9c2e51'

interface LogLine {
  level: number
  msg: string
  app?: string
  method?: string
  path?: string
  status?: number | string
  jobId?: string
}

describe('serve logs', () => {
  let s3: TestS3Server
  let t: TestServer
  let client: WebSocketStudioClient
  let sessionCookie: string
  const signatures: string[] = []
  let job: Job

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: [BUCKET] })
    t = await startTestServer()
    const session = await browserSession(t.server)
    sessionCookie = session.Cookie!
    client = connectClient(t.server, session)
    await client.invoke('targets.save', {
      target: { name: 'vault', provider: 'minio', endpoint: s3.endpoint, bucket: BUCKET, visibility: 'private' },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: SECRET_KEY }
    })
    const clip = await makeClip(t.workDir, 'logged', { seconds: 2, width: 256, height: 144 })
    const added = await client.invoke('jobs.add', { sources: [clip], target: 'vault', settings: { ladder: [144], segmentSeconds: 1, preset: 'ultrafast' } })
    job = await vi.waitFor(
      async () => {
        const current = await client.invoke('jobs.get', { id: added.created[0]!.id })
        if (current.status !== 'COMPLETED' && current.status !== 'FAILED') throw new Error(`waiting for the published job to end (now ${current.status})`)
        return current
      },
      { timeout: 180_000, interval: 200 }
    )

    // Playback of the private bucket: the relay answers playlists whose segment URLs are presigned.
    const source = await client.invoke('playback.source', { id: job.id, from: 'remote' })
    const master = await fetch(new URL(source.url, t.server.url), { headers: session })
    const mediaPath = (await master.text()).split('\n').find((line) => line.endsWith('.m3u8'))!
    const media = await (await fetch(new URL(mediaPath, new URL(source.url, t.server.url)), { headers: session })).text()
    const share = await client.invoke('share.create', { id: job.id, expiresInSeconds: 3600 })
    for (const text of [media, share.url]) for (const match of text.matchAll(/X-Amz-Signature=([0-9a-f]+)/g)) signatures.push(match[1]!)
    // A token in a query, as a careless script might send it: refused, and still not logged.
    await fetch(`${t.server.url}/api/health?token=${TEST_TOKEN}`)
    await fetch(`${t.server.url}/api/health`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
  }, 240_000)

  afterAll(async () => {
    client?.close()
    await t?.close()
    await s3?.close()
  })

  const logText = (): string => readFileSync(dataPaths(t.dataDir).studioLog, 'utf8')
  const logLines = (): LogLine[] => logText().trim().split('\n').map((line) => JSON.parse(line) as LogLine)

  it('did the work the log is then searched for', () => {
    expect(job.status).toBe('COMPLETED')
    // The playlist and the share link each carry signed URLs: there is something to leak.
    expect(signatures.length).toBeGreaterThan(1)
  })

  it('writes one JSON line per request, with the path and never the query', () => {
    const requests = logLines().filter((line) => line.msg === 'request')
    const login = requests.filter((line) => line.path === '/api/session')
    expect(login).toHaveLength(1)
    expect(login[0]).toMatchObject({ method: 'POST', status: 200, app: 'serve' })
    const health = requests.filter((line) => line.path?.startsWith('/api/health'))
    expect(health.map((line) => line.path).sort()).toEqual(['/api/health', '/api/health?…'])
    expect(requests.some((line) => line.path?.startsWith('/api/playback/'))).toBe(true)
  })

  it('writes one line per job state change', () => {
    const states = logLines()
      .filter((line) => line.jobId === job.id && line.msg.startsWith('job '))
      .map((line) => line.status)
    expect(states[0]).toBe('QUEUED')
    expect(states.at(-1)).toBe('COMPLETED')
    expect(states).toContain('ENCODING')
    expect(states).toContain('UPLOADING')
    // A state is logged when it is entered, not on every progress tick.
    for (let i = 1; i < states.length; i++) expect(states[i], `line ${i}`).not.toBe(states[i - 1])
  })

  it('holds no secret: not the token, the session cookie, the secret key, a signature or an Authorization header', () => {
    const text = logText()
    const sessionId = sessionCookie.split('=')[1]!
    expect(sessionId.length).toBeGreaterThan(10)
    const secrets: Record<string, string> = { token: TEST_TOKEN, 'session id': sessionId, 'secret key': SECRET_KEY, 'playback token': t.server.runtime.playbackProxy.token }
    signatures.forEach((signature, i) => (secrets[`signature ${i}`] = signature))
    for (const [what, secret] of Object.entries(secrets)) expect(text.includes(secret), `${what} is in the log`).toBe(false)
    expect(text).not.toMatch(/Bearer\s+(?!\[redacted\])/)
    expect(text.toLowerCase()).not.toContain('"authorization"')
    expect(text.toLowerCase()).not.toContain('"cookie"')
  })
})
