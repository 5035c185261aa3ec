/**
 * The "done when", against a real serve on loopback: a URL job posted with curl's
 * body, followed with a real EventSource (dropped once, resumed with Last-Event-ID without a
 * gap) to job-completed, whose playback URL real ffmpeg then plays.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, openEventStream, type EventStreamClient } from '../../helpers/api-client'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip } from '../../helpers/media'
import { startTestServer, type TestServer } from '../../helpers/serve'

const run = promisify(execFile)
const SMALL = { ladder: [240, 144], images: false, segmentSeconds: 1, chunkSeconds: 0 }

describe('POST /api/v1/jobs with a URL, followed over SSE', () => {
  let t: TestServer
  let source: MediaHttpServer
  let stream: EventStreamClient | undefined

  beforeAll(async () => {
    t = await startTestServer({ addressAllowed: (address) => address === '127.0.0.1', apiKeepAliveMs: 500 })
    const clip = await makeClip(t.workDir, 'episode', { seconds: 3 })
    source = await startMediaHttpServer(readFileSync(clip))
  })
  afterAll(async () => {
    stream?.close()
    await t?.close()
    await source?.close()
  })

  it('creates the job with its slug and links, streams its progress across a reconnect, and completes with a URL that plays', async () => {
    const { url, token } = t.server
    stream = openEventStream(`${url}/api/v1/events`, { authorization: `Bearer ${token}` })
    await stream.waitFor('the connected event', (e) => e.type === 'connected')

    const created = await callApi(url, token, 'POST', '/jobs', { url: source.url('/episode-1.mp4'), title: 'Épisode 1 - Le Commencement', settings: SMALL })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const job = created.body
    expect(job).toMatchObject({ slug: 'episode-1-le-commencement', title: 'Épisode 1 - Le Commencement', jobStatus: 'QUEUED' })
    expect(job.jobId).toMatch(/^job-/)
    expect(job.statusUrl).toBe(`${url}/api/v1/jobs/${job.jobId}`)
    expect(job.eventsUrl).toBe(`${url}/api/v1/events?jobId=${job.jobId}`)
    expect(job.jobUrl).toBe(`${url}/#/job/${job.jobId}`)

    // Drop the stream as soon as the job moves, then let the client reconnect by itself.
    await stream.waitFor('a first job-update', (e) => e.type === 'job-update' && e.data.jobId === job.jobId)
    const seenBeforeDrop = stream.events.length
    stream.drop()
    const completed = await stream.waitFor('job-completed', (e) => e.type === 'job-completed' && e.data.jobId === job.jobId, 180_000)

    expect(stream.connections.length).toBeGreaterThanOrEqual(2)
    const resumedFrom = stream.connections[1]!['last-event-id'] ?? stream.connections[1]!['Last-Event-ID']
    expect(resumedFrom).toBe(stream.events[seenBeforeDrop - 1]!.id)
    // The second connection said it resumed, and the ids across the drop run on without a gap.
    const connected = stream.events.filter((e) => e.type === 'connected')
    expect(connected.at(-1)!.data.resumed).toBe(true)
    const jobEvents = stream.events.filter((e) => e.type !== 'connected').map((e) => Number(e.id))
    expect(jobEvents).toEqual([...jobEvents].sort((a, b) => a - b))
    const serverIds = t.server.api.events.since(jobEvents[0]! - 1)!.map((e) => e.id)
    expect(jobEvents).toEqual(serverIds.filter((id) => id <= jobEvents.at(-1)!))
    expect(stream.events.some((e) => e.type === 'job-update' && e.data.jobStatus === 'ENCODING')).toBe(true)

    expect(completed.data.masterPlaylistUrl).toBe(`${url}/media/${job.jobId}/master.m3u8`)
    expect(completed.data.playbackUrl).toBe(`${url}/media/${job.jobId}/master.m3u8`)
    // Plays: real ffmpeg reads the master, a media playlist and every segment of it, with the token.
    const { stderr } = await run('/usr/bin/ffmpeg', ['-hide_banner', '-headers', `Authorization: Bearer ${token}\r\n`, '-i', completed.data.playbackUrl, '-map', '0:v:0', '-f', 'null', '-'])
    const frames = Number(/frame=\s*(\d+)/.exec(stderr.split(/[\r\n]/).filter((l) => l.includes('frame=')).at(-1) ?? '')?.[1])
    expect(frames).toBeGreaterThanOrEqual(70)

    const status = await callApi(url, token, 'GET', `/jobs/${job.jobId}`)
    expect(status.body).toMatchObject({ jobStatus: 'COMPLETED', masterPlaylistUrl: completed.data.masterPlaylistUrl })
    const playback = await callApi(url, token, 'GET', `/jobs/${job.jobId}/playback?from=local`)
    expect(playback.body).toMatchObject({ origin: 'local', url: completed.data.playbackUrl })
    const log = await callApi(url, token, 'GET', `/jobs/${job.jobId}/log?tail=500`)
    expect(log.body.lines.join('\n')).toContain('ffmpeg')
  })
  it('sends a finished job’s end at once to a stream that follows it late, and says when a Last-Event-ID is too old to resume', async () => {
    const { url, token } = t.server
    const [job] = (await callApi(url, token, 'GET', '/jobs?status=COMPLETED')).body.jobs
    const late = openEventStream(`${url}/api/v1/events?jobId=${job.jobId}`, { authorization: `Bearer ${token}` })
    try {
      const end = await late.waitFor('the finished job’s job-completed', (e) => e.type === 'job-completed')
      expect(end.data.jobId).toBe(job.jobId)
    } finally {
      late.close()
    }
    const stale = openEventStream(`${url}/api/v1/events`, { authorization: `Bearer ${token}`, 'last-event-id': '5' })
    try {
      const connected = await stale.waitFor('connected', (e) => e.type === 'connected')
      expect(connected.data.resumed).toBe(false)
    } finally {
      stale.close()
    }
  })

  it('sends a keep-alive comment on a quiet stream', async () => {
    const answer = await fetch(`${t.server.url}/api/v1/events?access_token=${t.server.token}`)
    const reader = answer.body!.getReader()
    let text = ''
    const deadline = Date.now() + 10_000
    while (!text.includes(': keep-alive') && Date.now() < deadline) text += new TextDecoder().decode((await reader.read()).value)
    await reader.cancel()
    expect(text).toContain(': keep-alive\n\n')
  })
})
