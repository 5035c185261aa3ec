/**
 * Webhooks from a real serve to real loopback receivers: registered with the real
 * `hls-studio webhooks add`, signed (checked here with node:crypto, as the README's snippet
 * does), retried after a failure, logged without their secret, and never sent to an address
 * serve's rule refuses.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '../../helpers/api-client'
import { runStudio } from '../../helpers/cli'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip } from '../../helpers/media'
import { startTestServer, type TestServer } from '../../helpers/serve'
import { waitUntil } from '../../helpers/wait'

interface Received {
  headers: IncomingMessage['headers']
  body: string
  answeredWith: number
}

async function startReceiver(host: string, statuses: number[]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      const status = statuses[received.length] ?? 200
      received.push({ headers: req.headers, body, answeredWith: status })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/hooks/studio?team=video`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** What a receiver does, written out independently of the studio's own code. */
function signatureHolds(secret: string, header: string, body: string): boolean {
  const { t, v1 } = Object.fromEntries(header.split(',').map((kv) => kv.split('='))) as { t: string; v1: string }
  return Math.abs(Date.now() / 1000 - Number(t)) < 300 && createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') === v1
}

const SMALL = { ladder: [144], images: false, segmentSeconds: 1, chunkSeconds: 0 }

describe('webhooks', () => {
  let t: TestServer
  let media: MediaHttpServer
  let gone: MediaHttpServer
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let forbidden: Awaited<ReturnType<typeof startReceiver>>
  let secret: string

  beforeAll(async () => {
    // 127.0.0.1 stands in for a public address; 127.0.0.3 stays what it is: loopback.
    t = await startTestServer({ addressAllowed: (a) => a === '127.0.0.1', webhookPolicy: { baseDelayMs: 300, maxDelayMs: 1000, jitter: 0 } })
    media = await startMediaHttpServer(readFileSync(await makeClip(t.workDir, 'clip', { seconds: 2 })))
    gone = await startMediaHttpServer(Buffer.from('never served'), { statusFor: () => 404 })
    receiver = await startReceiver('127.0.0.1', [500])
    forbidden = await startReceiver('127.0.0.3', [])
  }, 60_000)
  afterAll(async () => {
    await t?.close()
    await media?.close()
    await gone?.close()
    await receiver?.close()
    await forbidden?.close()
  })

  it('refuses an endpoint on a private address unless --allow-private-urls, and shows the secret once', async () => {
    const refused = await runStudio(['--data-dir', t.dataDir, 'webhooks', 'add', receiver.url], { timeoutMs: 60_000 })
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('--allow-private-urls')
    const bad = await runStudio(['--data-dir', t.dataDir, 'webhooks', 'add', receiver.url, '--events', 'job-done', '--allow-private-urls'], { timeoutMs: 60_000 })
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('job-done is not an event a webhook can receive')
    const added = await runStudio(['--data-dir', t.dataDir, 'webhooks', 'add', receiver.url, '--events', 'job-completed,job-failed', '--allow-private-urls', '--json'], { timeoutMs: 60_000 })
    expect(added.code, added.stderr).toBe(0)
    secret = (added.events[0] as { secret: string }).secret
    expect(secret).toMatch(/^whsec_/)
    const other = await runStudio(['--data-dir', t.dataDir, 'webhooks', 'add', forbidden.url, '--allow-private-urls'], { timeoutMs: 60_000 })
    expect(other.code, other.stderr).toBe(0)
    const listed = await runStudio(['--data-dir', t.dataDir, 'webhooks', 'list'], { timeoutMs: 60_000 })
    expect(listed.stdout).toContain(receiver.url)
    expect(listed.stdout).not.toContain(secret)
  }, 120_000)

  it('delivers job-completed and job-failed signed, retries a failed delivery, and sends nothing to a refused address', async () => {
    const done = await callApi(t.server.url, t.server.token, 'POST', '/jobs', { url: media.url('/clip.mp4'), title: 'Hooked', settings: SMALL })
    expect(done.status).toBe(201)
    const failed = await callApi(t.server.url, t.server.token, 'POST', '/jobs', { url: gone.url('/deleted.mp4'), title: 'Broken', settings: SMALL })
    expect(failed.status).toBe(201)
    const cancelled = await callApi(t.server.url, t.server.token, 'POST', '/jobs', { url: `${media.url('/clip.mp4')}?v=2`, title: 'Dropped', settings: { ...SMALL, ladder: [160] } })
    await callApi(t.server.url, t.server.token, 'POST', `/jobs/${cancelled.body.jobId}/cancel`)
    // The first delivery is answered 500, so job-completed arrives twice: once refused, once taken.
    await waitUntil('job-completed delivered and accepted', () => receiver.received.some((r) => r.answeredWith === 200 && JSON.parse(r.body).event === 'job-completed'), { timeoutMs: 120_000 })
    await waitUntil('job-failed delivered', () => receiver.received.some((r) => JSON.parse(r.body).event === 'job-failed'), { timeoutMs: 60_000 })
    const failure = receiver.received.find((r) => JSON.parse(r.body).event === 'job-failed')
    expect(JSON.parse(failure!.body).data).toMatchObject({ jobId: failed.body.jobId, jobStatus: 'FAILED', error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('HTTP 404') } })

    const names = receiver.received.map((r) => JSON.parse(r.body).event as string)
    expect(names).not.toContain('job-update')
    expect(names).not.toContain('job-cancelled')
    for (const delivery of receiver.received) {
      expect(delivery.headers['content-type']).toBe('application/json')
      expect(signatureHolds(secret, String(delivery.headers['hls-studio-signature']), delivery.body)).toBe(true)
      expect(signatureHolds(secret, String(delivery.headers['hls-studio-signature']), `${delivery.body} `)).toBe(false)
      expect(signatureHolds('whsec_another', String(delivery.headers['hls-studio-signature']), delivery.body)).toBe(false)
    }
    // The first delivery was answered 500: the same body came again and was taken.
    const [refused, ...later] = receiver.received
    expect(refused!.answeredWith).toBe(500)
    expect(later.filter((r) => r.body === refused!.body).map((r) => r.answeredWith)).toEqual([200])
    expect(receiver.received.filter((r) => r.answeredWith === 200)).toHaveLength(2)
    const completed = receiver.received.find((r) => r.answeredWith === 200 && JSON.parse(r.body).event === 'job-completed')!
    const event = JSON.parse(completed.body)
    expect(event.data).toMatchObject({ jobId: done.body.jobId, slug: 'hooked', masterPlaylistUrl: `${t.server.url}/media/${done.body.jobId}/master.m3u8` })
    expect(completed.headers['hls-studio-delivery']).toBe(String(event.id))

    expect(forbidden.received).toEqual([])
    const log = readFileSync(join(t.dataDir, 'studio.log'), 'utf8')
    expect(log).toContain('webhook delivered')
    expect(log).toContain('will retry')
    expect(log).toMatch(/127\.0\.0\.3.*is a loopback address.*webhook delivery given up/)
    expect(log).not.toContain(secret)
    expect(log).not.toContain('team=video')
  }, 180_000)
})
