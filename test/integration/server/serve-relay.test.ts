/**
 * Issue 13, point 2: an HTML object in a private bucket, opened through serve's playback relay
 * in a logged-in browser, ran on the studio's origin and drove its WebSocket. Now the relay and
 * the loopback proxy serve only what a player opens, typed by extension, sandboxed and unsniffable.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { relayedUrl } from '../../../src/main/server/playback-relay'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import { launchChromium, openLoginLink } from '../../helpers/browser'
import { REPO } from '../../helpers/cli'
import { S3RVER_ACCESS_KEY_ID, startS3Server, type TestS3Server } from '../../helpers/s3-server'
import { connectClient, startTestServer, type TestServer } from '../../helpers/serve'

const RENDERER = join(REPO, 'out', 'renderer')
const BUCKET = 'relay-private'

/** Would pause the studio's queue through its WebSocket and say so in the title, if it ever ran as the studio. */
const EVIL_SCRIPT = `document.title = 'PWNED'; const s = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/ws'); s.onopen = () => s.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'queue.pause' }))`
const EVIL_HTML = `<!doctype html><html><head><title>evil</title></head><body><script>${EVIL_SCRIPT}</script></body></html>`

describe('the playback relay against a private bucket', () => {
  let s3: TestS3Server
  let t: TestServer
  let client: WebSocketStudioClient
  let browser: Browser
  let proxyOrigin: string

  const objects: Array<{ key: string; body: string; type: string }> = [
    { key: 'pkg/evil.html', body: EVIL_HTML, type: 'text/html' },
    { key: 'pkg/evil.js', body: EVIL_SCRIPT, type: 'application/javascript' },
    { key: 'pkg/evil.svg', body: `<svg xmlns="http://www.w3.org/2000/svg"><script>${EVIL_SCRIPT}</script></svg>`, type: 'image/svg+xml' },
    // Allowed names with hostile bytes and a hostile bucket type: served with the type of their extension.
    { key: 'pkg/seg.ts', body: EVIL_HTML, type: 'text/html' },
    { key: 'pkg/poster.jpg', body: EVIL_HTML, type: 'text/html' }
  ]

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.')
    s3 = await startS3Server({ buckets: [BUCKET] })
    t = await startTestServer({ rendererDir: RENDERER })
    client = connectClient(t.server)
    await client.invoke('targets.save', {
      target: { name: 'vault', provider: 'minio', endpoint: s3.endpoint, bucket: BUCKET, visibility: 'private' },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'relay-secret-x' }
    })
    const bucket = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'x' } })
    for (const o of objects) await bucket.send(new PutObjectCommand({ Bucket: BUCKET, Key: o.key, Body: o.body, ContentType: o.type }))
    bucket.destroy()
    proxyOrigin = await t.server.runtime.playbackProxy.start()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    client?.close()
    await t?.close()
    await s3?.close()
  })

  const relayPath = (key: string): string => relayedUrl(proxyOrigin, t.server.runtime.playbackProxy.playbackUrl('vault', key))

  it('refuses HTML, script and SVG objects in a logged-in browser, and none of them runs as the studio', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await openLoginLink(page, t.server.loginUrl)
    for (const key of ['pkg/evil.html', 'pkg/evil.js', 'pkg/evil.svg']) {
      const answer = await page.goto(`${t.server.url}${relayPath(key)}`)
      expect(answer?.status(), key).toBe(403)
      const headers = answer!.headers()
      expect(headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(headers['x-content-type-options']).toBe('nosniff')
      expect(headers['content-security-policy']).toContain('sandbox')
      expect(await page.textContent('body')).toContain(`${key} is not part of an HLS package`)
      expect(await page.title()).not.toBe('PWNED')
    }
    expect(t.server.runtime.studio.jobs.state().paused).toBe(false)
    await context.close()
  })

  it('serves a segment and an image with the type of their extension, never the bucket’s, sandboxed', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await openLoginLink(page, t.server.loginUrl)
    const seen = await page.evaluate(async (paths) => {
      const out: Array<{ status: number; type: string | null; nosniff: string | null; csp: string | null }> = []
      for (const path of paths) {
        const r = await fetch(path)
        out.push({ status: r.status, type: r.headers.get('content-type'), nosniff: r.headers.get('x-content-type-options'), csp: r.headers.get('content-security-policy') })
      }
      return out
    }, [relayPath('pkg/seg.ts'), relayPath('pkg/poster.jpg')])
    expect(seen).toEqual([
      { status: 200, type: 'video/mp2t', nosniff: 'nosniff', csp: "sandbox; default-src 'none'" },
      { status: 200, type: 'image/jpeg', nosniff: 'nosniff', csp: "sandbox; default-src 'none'" }
    ])
    // Opened as a page, the hostile bytes of an allowed name are still not a page of the studio.
    await page.goto(`${t.server.url}${relayPath('pkg/poster.jpg')}`).catch(() => undefined)
    expect(await page.title()).not.toBe('PWNED')
    expect(t.server.runtime.studio.jobs.state().paused).toBe(false)
    await context.close()
  })

  it('the loopback proxy itself refuses them too, and sends CORS to no foreign origin', async () => {
    const proxy = t.server.runtime.playbackProxy
    const html = await fetch(proxy.playbackUrl('vault', 'pkg/evil.html'), { headers: { Origin: 'http://127.0.0.1:9999' } })
    expect(html.status).toBe(403)
    expect(await html.text()).toContain('is not part of an HLS package')
    expect(html.headers.get('access-control-allow-origin')).toBeNull()
    const segment = await fetch(proxy.playbackUrl('vault', 'pkg/seg.ts'), { headers: { Origin: 'http://127.0.0.1:9999' } })
    expect(segment.status).toBe(200)
    expect(segment.headers.get('content-type')).toBe('video/mp2t')
    expect(segment.headers.get('x-content-type-options')).toBe('nosniff')
    expect(segment.headers.get('content-security-policy')).toContain('sandbox')
    expect(segment.headers.get('access-control-allow-origin')).toBeNull()
    await segment.arrayBuffer()
  })
})
