/** /api/v1/docs in a real Chromium with a Bearer token: every operation is there and the page fits a phone. Screens wide and at 390 px. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/serve'
import { saveScreen } from './studio-page'

describe('the API docs page', () => {
  let t: TestServer
  let browser: Browser
  beforeAll(async () => {
    t = await startTestServer()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('lists every operation and has no sideways scroll at 390 px', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${t.server.token}` }, viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${t.server.url}/api/v1/docs`)
    expect(await page.locator('section h3').count()).toBe(t.server.api.routes.length)
    await saveScreen(page, 'api-docs-wide')
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await saveScreen(page, 'api-docs-390')
    await context.close()
  })
})
