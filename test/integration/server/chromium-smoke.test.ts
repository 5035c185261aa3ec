import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { REPO } from '../../helpers/cli'
import { startTestServer, TEST_TOKEN, type TestServer } from '../../helpers/serve'

const RENDERER = join(REPO, 'out', 'renderer')

/** Runs in the page: the contract over the page's own WebSocket, authenticated by the cookie alone. */
const INVOKE_OVER_PAGE_SOCKET = `new Promise((resolve, reject) => {
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/ws')
  socket.onerror = () => reject(new Error('socket error'))
  socket.onclose = (e) => reject(new Error('closed ' + e.code))
  socket.onopen = () => socket.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'app.info' }))
  socket.onmessage = (m) => resolve(JSON.parse(m.data))
})`

/** Runs in the page: an upload as the client's uploadFile sends it (XHR, the File as the body, the cookie as the token). */
const UPLOAD_FROM_PAGE = `new Promise((resolve) => {
  // The start of an MP4 (an ftyp box): the studio takes it as a source; ffprobe would say the rest is missing.
  const file = new File([new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 105, 115, 111, 109, 0, 0, 2, 0, 105, 115, 111, 109, 105, 115, 111, 50])], 'from the page.mp4')
  const request = new XMLHttpRequest()
  request.open('POST', '/api/uploads?name=' + encodeURIComponent(file.name) + '&options=' + encodeURIComponent(JSON.stringify({ target: null })))
  request.onload = () => resolve({ status: request.status, body: JSON.parse(request.responseText) })
  request.send(file)
})`

describe('serve in Chromium', () => {
  let t: TestServer
  let browser: Browser
  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.')
    t = await startTestServer({ rendererDir: RENDERER })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('loads the studio with the token link, keeps the token out of the address bar and scripts, and connects its WebSocket', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const refused: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text())
    })
    const served: string[] = []
    page.on('request', (request) => served.push(request.url()))
    // The login page answers first (the fragment never reaches the server), trades the token for a session, and loads the studio.
    const response = await page.goto(t.server.loginUrl)
    expect(response?.status()).toBe(401)
    await page.waitForSelector('#root *', { timeout: 30_000 })
    expect(page.url()).toBe(`${t.server.url}/`)
    expect(await page.title()).toBe('HLS Studio')
    expect(served.filter((url) => url.includes(TEST_TOKEN))).toEqual([])

    const port = new URL(t.server.url).port
    const cookie = (await context.cookies()).find((c) => c.name === `hls_studio_session_${port}`)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(cookie?.value).not.toContain(TEST_TOKEN)
    expect(await page.evaluate('document.cookie')).not.toContain(TEST_TOKEN)

    const answer = (await page.evaluate(INVOKE_OVER_PAGE_SOCKET)) as { kind: string; outcome: { ok: boolean; value: { mode: string } } }
    expect(answer).toMatchObject({ kind: 'outcome', outcome: { ok: true, value: { mode: 'server' } } })
    const uploaded = (await page.evaluate(UPLOAD_FROM_PAGE)) as { status: number; body: { ok: boolean; value: { created: Array<{ title: string }> } } }
    expect(uploaded).toMatchObject({ status: 200, body: { ok: true, value: { created: [{ title: 'from the page' }] } } })
    expect(refused).toEqual([])
    await context.close()
  })

  it('shows a plain refusal without the token', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const response = await page.goto(`${t.server.url}/`)
    expect(response?.status()).toBe(401)
    expect(await page.textContent('body')).toContain('needs its token')
    await context.close()
  })
})
