/**
 * Issue 13, point 3: cookies ignore ports, so a page on another port of 127.0.0.1 rides the
 * studio's login. A no-cors POST from such a page created a job. Now the session only works
 * from the studio's own origin: the cookie still travels (browsers send it), the request is refused.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { launchChromium, openLoginLink } from '../../helpers/browser'
import { REPO } from '../../helpers/cli'
import { serveFolders, type StaticServer } from '../../helpers/static-server'
import { startTestServer, type TestServer } from '../../helpers/serve'

const RENDERER = join(REPO, 'out', 'renderer')

/** The attacker's page: every way a page can send a POST without CORS's permission. */
function attackerPage(studio: string): string {
  const upload = `${studio}/api/uploads?name=evil.mp4&options=${encodeURIComponent(JSON.stringify({ outputDir: '/tmp/owned', target: null }))}`
  return `<!doctype html><html><body>
<form id="f" method="POST" action="${upload}" enctype="text/plain" target="sink"><input name="x" value="y"></form>
<iframe name="sink"></iframe>
<script>
  window.sent = Promise.all([
    fetch(${JSON.stringify(upload)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: 'not a video' }).then(() => 'sent', (e) => String(e)),
    fetch(${JSON.stringify(`${studio}/api/session`)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{"token":"guess-guess-guess-guess"}' }).then(() => 'sent', (e) => String(e))
  ])
  document.getElementById('f').submit()
</script></body></html>`
}

describe('a page on another loopback port', () => {
  let t: TestServer
  let attacker: StaticServer
  let browser: Browser

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) throw new Error('The renderer is not built: run `npm run build` first.')
    t = await startTestServer({ rendererDir: RENDERER })
    attacker = await serveFolders({}, { '/attack.html': attackerPage(t.server.url) })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await attacker?.close()
    await t?.close()
  })

  it('cannot create a job with the studio’s cookie: refused, nothing stored', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await openLoginLink(page, t.server.loginUrl)
    expect(new URL(attacker.url).port).not.toBe(new URL(t.server.url).port)

    const posts: Request[] = []
    context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().startsWith(t.server.url)) posts.push(request)
    })
    const other = await context.newPage()
    await other.goto(`${attacker.url}/attack.html`)
    expect(await other.evaluate('window.sent')).toEqual(['sent', 'sent'])
    await vi.waitFor(
      () => {
        if (posts.filter((p) => p.url().includes('/api/uploads')).length < 2) throw new Error(`waiting for the fetch and the form POST to reach the studio (${posts.length} so far)`)
      },
      { timeout: 20_000, interval: 50 }
    )
    const port = new URL(t.server.url).port
    // Chromium shows the sent headers of the form's POST; a no-cors fetch's answer is opaque (reported aborted).
    const form = posts.find((p) => p.resourceType() === 'document')
    const sent = await form!.allHeaders()
    // The browser did send the cookie along from the other port: the refusal is the studio's, not the browser's.
    expect(sent.cookie ?? '').toContain(`hls_studio_session_${port}=`)
    expect(sent['sec-fetch-site']).toBe('same-site')
    expect((await form!.response())?.status()).toBe(403)
    expect(t.server.runtime.studio.jobs.list()).toEqual([])
    const uploads = join(t.dataDir, 'uploads')
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([])
    expect(existsSync('/tmp/owned')).toBe(false)
    // The studio's own page still works with the same cookie.
    expect(await page.evaluate(async () => (await fetch('/api/health')).status)).toBe(200)
    await context.close()
  })
})
