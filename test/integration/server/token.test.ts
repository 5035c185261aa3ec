import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServer } from '../../../src/main/server/server'
import { browserSession, connectClient, startTestServer, TEST_TOKEN, wsUrl, type TestServer } from '../../helpers/serve'
import { tempDir } from '../../helpers/media'

/** Opens a raw socket and reports how it ended, and whether any frame came back. */
function rawSocket(url: string, headers: Record<string, string>): Promise<{ code: number; frames: string[] }> {
  return new Promise((resolve) => {
    const frames: string[] = []
    const socket = new WebSocket(url, { headers })
    socket.on('open', () => socket.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'queue.pause' })))
    socket.on('message', (data) => frames.push(data.toString()))
    socket.on('close', (code) => resolve({ code, frames }))
    socket.on('error', () => undefined)
  })
}

/** The status of a request sent with exactly these headers. */
function rawStatus(url: string, method: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('error', reject)
    request.end(method === 'POST' ? 'x' : undefined)
  })
}

describe('serve needs its token on every request', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(async () => t?.close())

  const paths = ['/', '/index.html', '/api/health', '/metrics', '/media/job-11111111-2222-4333-8444-555555555555/master.m3u8', '/assets/anything.js', '/nowhere']

  it('answers 401 without a token, or with a wrong one, on every path and method', async () => {
    for (const path of paths) {
      const attempts: Array<Record<string, string>> = [
        {},
        { Authorization: 'Bearer wrong-token-0123456789' },
        { Cookie: `hls_studio_session_${new URL(t.server.url).port}=wrong`, 'Sec-Fetch-Site': 'same-origin' },
        { Authorization: `Basic ${Buffer.from(`x:${TEST_TOKEN}`).toString('base64')}` }
      ]
      for (const headers of attempts) {
        const answer = await fetch(`${t.server.url}${path}`, { headers })
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401)
        expect(await answer.text()).toContain('token')
      }
      // The token in a query string (which reaches logs and history) is no login any more.
      expect((await fetch(`${t.server.url}${path}?token=${TEST_TOKEN}`)).status).toBe(401)
    }
    const upload = await fetch(`${t.server.url}/api/uploads?name=a.mp4`, { method: 'POST', body: 'x' })
    expect(upload.status).toBe(401)
    expect(await upload.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('accepts Authorization: Bearer', async () => {
    const health = await fetch(`${t.server.url}/api/health`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true, ffmpeg: { found: true }, dataDir: { writable: true }, targets: { configured: 0 } })
  })

  it('exchanges the token for an HttpOnly SameSite=Strict per-port session cookie that only works from its own origin', async () => {
    const port = new URL(t.server.url).port
    const login = (headers: Record<string, string>, token = TEST_TOKEN) =>
      fetch(`${t.server.url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ token }) })
    const foreign = await login({ Origin: 'http://127.0.0.1:9999' })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('set-cookie')).toBeNull()
    expect((await login({})).status).toBe(403)
    const wrong = await login({ Origin: t.server.url }, 'wrong-token-0123456789')
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()

    const first = await login({ Origin: t.server.url })
    expect(first.status).toBe(200)
    const cookie = first.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(new RegExp(`^hls_studio_session_${port}=`))
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Strict')
    // The cookie is a session id: another port of this host sees it, never the token.
    expect(cookie).not.toContain(TEST_TOKEN)
    const sent = cookie.split(';')[0]!
    const metrics = (headers: Record<string, string>) => fetch(`${t.server.url}/metrics`, { headers: { Cookie: sent, ...headers } })
    const mine = await metrics({ 'Sec-Fetch-Site': 'same-origin' })
    expect(mine.status).toBe(200)
    expect(await mine.text()).toContain('hls_studio_jobs{status="QUEUED"}')
    expect((await metrics({ Origin: t.server.url })).status).toBe(200)
    // A link followed from another port opens the page (a load changes nothing, and the other page cannot read it)…
    // (node:http, since fetch sets Sec-Fetch-Mode itself.)
    const navigation = { Cookie: sent, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }
    expect(await rawStatus(`${t.server.url}/metrics`, 'GET', navigation)).toBe(200)
    // …but a form posted from there, a navigation too, changes nothing.
    expect(await rawStatus(`${t.server.url}/api/uploads?name=x.mp4`, 'POST', navigation)).toBe(403)
    const elsewhere: Array<Record<string, string>> = [{}, { 'Sec-Fetch-Site': 'same-site' }, { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' }, { 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'http://127.0.0.1:9999' }]
    for (const headers of elsewhere) {
      const answer = await metrics(headers)
      expect(answer.status, JSON.stringify(headers)).toBe(403)
      expect(await answer.text()).toContain('not the studio’s own')
    }
  })

  it('serves a login page that takes the token from the fragment, never from the query', async () => {
    const page = await fetch(`${t.server.url}/`, { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(401)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expect(html).toContain('needs its token')
    expect(html).toContain('<script src="/api/login.js"')
    const script = await fetch(`${t.server.url}/api/login.js`)
    expect(script.headers.get('content-type')).toContain('javascript')
    expect(await script.text()).toContain('location.hash')
  })

  it('closes a WebSocket without the token (4401) before it can run anything', async () => {
    const attempts: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong-token-0123456789' }, { Cookie: `hls_studio_session_${new URL(t.server.url).port}=wrong`, Origin: t.server.url }]
    for (const headers of attempts) {
      const { code, frames } = await rawSocket(wsUrl(t.server), headers)
      expect(code).toBe(4401)
      expect(frames).toEqual([])
    }
    expect(t.server.runtime.studio.jobs.state().paused).toBe(false)
  })

  it('closes a WebSocket opened by another site’s page (4403), even with the cookie', async () => {
    const { Cookie = '' } = await browserSession(t.server)
    const { code } = await rawSocket(wsUrl(t.server), { Cookie, Origin: 'https://evil.example' })
    expect(code).toBe(4403)
    expect(t.server.runtime.studio.jobs.state().paused).toBe(false)
  })

  it('lets the renderer’s client in with the cookie, and tells it plainly when the token is wrong', async () => {
    const good = connectClient(t.server, await browserSession(t.server))
    expect((await good.invoke('app.info')).mode).toBe('server')
    good.close()

    const bad = connectClient(t.server, { Cookie: `hls_studio_session_${new URL(t.server.url).port}=wrong`, Origin: t.server.url })
    const error = await bad.invoke('jobs.list').catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' })
    expect(bad.state).toBe('unauthorized')
    bad.close()
  })
})

describe('serve refuses to start unsafely', () => {
  it('refuses a non-loopback address without a token, and a short token', async () => {
    const data = tempDir()
    try {
      await expect(startServer({ dataDir: data.path, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('--token') })
      await expect(startServer({ dataDir: data.path, port: 0, token: 'short' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('at least 16') })
    } finally {
      data.cleanup()
    }
  })

  it('says so plainly when the port is taken', async () => {
    const data = tempDir()
    const first = await startServer({ dataDir: data.path, port: 0, token: TEST_TOKEN, env: {} })
    const other = tempDir()
    try {
      const port = Number(new URL(first.url).port)
      await expect(startServer({ dataDir: other.path, port, token: TEST_TOKEN, env: {} })).rejects.toMatchObject({ message: `Port ${port} is already in use on 127.0.0.1. Choose another with --port.` })
    } finally {
      await first.close()
      data.cleanup()
      other.cleanup()
    }
  })

  it('makes up a token on loopback when none is given', async () => {
    const data = tempDir()
    const server = await startServer({ dataDir: data.path, port: 0, env: {} })
    try {
      expect(server.tokenGenerated).toBe(true)
      expect(server.token.length).toBeGreaterThanOrEqual(32)
      expect(server.loginUrl).toBe(`${server.url}/#token=${server.token}`)
      expect((await fetch(`${server.url}/api/health`)).status).toBe(401)
    } finally {
      await server.close()
      data.cleanup()
    }
  })
})
