/**
 * Publishing through /api/v1 to a real S3-protocol server (s3rver): targets listed without
 * secrets and tested, a job published to a private bucket whose job-completed playback URL
 * (the relayed signing proxy) real ffmpeg plays with an API token, a share link that plays
 * with no token at all, the Library, and delete in both places.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import { ApiTokenStore } from '../../../src/main/engine/automation/api-tokens'
import { callApi, openEventStream } from '../../helpers/api-client'
import { makeClip } from '../../helpers/media'
import { S3RVER_ACCESS_KEY_ID, startS3Server, type TestS3Server } from '../../helpers/s3-server'
import { connectClient, startTestServer, type TestServer } from '../../helpers/serve'

const run = promisify(execFile)
const SECRET = 'vault-secret-never-shown'

async function framesPlayed(url: string, headers: string[] = []): Promise<number> {
  const { stderr } = await run('/usr/bin/ffmpeg', ['-hide_banner', ...headers, '-i', url, '-map', '0:v:0', '-f', 'null', '-'])
  return Number(/frame=\s*(\d+)/.exec(stderr.split(/[\r\n]/).filter((l) => l.includes('frame=')).at(-1) ?? '')?.[1])
}

describe('/api/v1 targets, playback, share and the Library', () => {
  let t: TestServer
  let s3: TestS3Server
  let client: WebSocketStudioClient
  let token: string
  let clip: string
  let jobId: string

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: ['vault'] })
    t = await startTestServer()
    client = connectClient(t.server)
    await client.invoke('targets.save', {
      target: { name: 'vault', provider: 'minio', endpoint: s3.endpoint, bucket: 'vault', visibility: 'private' },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: SECRET }
    })
    token = (await new ApiTokenStore(t.dataDir).add('publisher')).token
    clip = await makeClip(t.workDir, 'trailer', { seconds: 3 })
  })
  afterAll(async () => {
    client?.close()
    await t?.close()
    await s3?.close()
  })

  it('lists targets without their secrets and tests one', async () => {
    const listed = await callApi(t.server.url, token, 'GET', '/targets')
    expect(listed.body.targets).toEqual([expect.objectContaining({ name: 'vault', bucket: 'vault', visibility: 'private' })])
    expect(JSON.stringify(listed.body)).not.toContain(SECRET)
    const tested = await callApi(t.server.url, token, 'POST', '/targets/vault/test')
    expect(tested.status).toBe(200)
    expect(tested.body.checks.find((c: { name: string }) => c.name === 'write')).toMatchObject({ ok: true })
    const unknown = await callApi(t.server.url, token, 'POST', '/targets/nowhere/test')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.message).toContain('nowhere')
  })

  it('publishes a job to the private bucket and answers a playback URL that plays', async () => {
    const stream = openEventStream(`${t.server.url}/api/v1/events?access_token=${token}`)
    try {
      await stream.waitFor('connected', (e) => e.type === 'connected')
      const created = await callApi(t.server.url, token, 'POST', '/jobs', { path: clip, title: 'Trailer', target: 'vault', settings: { ladder: [144], images: false, segmentSeconds: 1 } })
      expect(created.status).toBe(201)
      jobId = created.body.jobId
      const done = await stream.waitFor('job-completed', (e) => e.type === 'job-completed' && e.data.jobId === jobId, 180_000)
      expect(done.data.playbackUrl).toMatch(new RegExp(`^${t.server.url}/api/playback/.+/master\\.m3u8$`))
      expect(done.data.masterPlaylistUrl).toContain(`${s3.endpoint}/vault/`)
      // A player sends the token to serve only; the segments are presigned bucket URLs it opens bare.
      // (ffmpeg's -headers would go to the bucket too, which refuses a second credential: so the playlists are walked here.)
      const auth = { headers: { authorization: `Bearer ${token}` } }
      const master = await (await fetch(done.data.playbackUrl, auth)).text()
      const variant = new URL(master.split('\n').find((l) => l.startsWith('v0/') || l.includes('/v0/'))!, done.data.playbackUrl)
      const media = await (await fetch(variant, auth)).text()
      const segments = media.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => new URL(l, variant).href)
      expect(segments.length).toBeGreaterThanOrEqual(3)
      const bodies = await Promise.all(segments.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())))
      const joined = join(t.workDir, 'joined.ts')
      writeFileSync(joined, Buffer.concat(bodies))
      expect(await framesPlayed(joined)).toBeGreaterThanOrEqual(70)
    } finally {
      stream.close()
    }
    const remote = await callApi(t.server.url, token, 'GET', `/jobs/${jobId}/playback?from=remote`)
    expect(remote.body.origin).toBe('proxy')
  })

  it('makes a share link that plays without any token', async () => {
    const shared = await callApi(t.server.url, token, 'POST', `/jobs/${jobId}/share`, { expiresInSeconds: 3600 })
    expect(shared.status).toBe(200)
    expect(shared.body.origin).toBe('share')
    expect(Date.parse(shared.body.expiresAt) - Date.now()).toBeGreaterThan(3000 * 1000)
    expect(await framesPlayed(shared.body.url)).toBeGreaterThanOrEqual(70)
    const tooLong = await callApi(t.server.url, token, 'POST', `/jobs/${jobId}/share`, { expiresInSeconds: 30 * 24 * 3600 })
    expect(tooLong.status).toBe(400)
  })

  it('lists the package in the Library, then deletes it locally and in the bucket', async () => {
    const library = await callApi(t.server.url, token, 'GET', '/library')
    const item = library.body.collections.find((c: { slug: string }) => c.slug === 'trailer').items[0]
    expect(item).toMatchObject({ jobId, published: { target: 'vault' } })
    const deleted = await callApi(t.server.url, token, 'DELETE', `/jobs/${jobId}?outputs=both`)
    expect(deleted.body).toEqual({ deleted: jobId })
    expect((await callApi(t.server.url, token, 'GET', `/jobs/${jobId}`)).status).toBe(404)
    expect((await callApi(t.server.url, token, 'GET', '/library')).body.collections).toEqual([])
    const gone = await fetch(item.published.masterPlaylistUrl)
    expect(gone.status).toBeGreaterThanOrEqual(400)
  })
})
