/**
 * Settings → Automation in a real Chromium against serve: a token made in the page is shown
 * once and opens /api/v1 for a script, then is revoked there; a webhook on a loopback address
 * is refused from the browser in plain words (serve's URL rule), one on an allowed address is
 * added with its secret shown once. Screens at a wide window and at 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { callApi } from '../helpers/api-client'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { startTestServer, type TestServer } from '../helpers/serve'
import { RENDERER_DIR, rendererBuilt } from '../helpers/studio-server'
import { saveScreen } from './studio-page'

describe.skipIf(!rendererBuilt())('Settings → Automation', () => {
  let t: TestServer
  let browser: Browser

  beforeAll(async () => {
    // 127.0.0.1 stands in for a public address; 127.0.0.3 stays loopback.
    t = await startTestServer({ rendererDir: RENDERER_DIR, addressAllowed: (a) => a === '127.0.0.1' })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('makes, uses and revokes an API token, and adds webhooks under serve’s address rule', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await openLoginLink(page, t.server.loginUrl)
    await page.goto(`${t.server.url}/#/settings/automation`)
    const panel = page.locator('#automation')
    await panel.waitFor({ timeout: 30_000 })

    await panel.getByLabel('Token name').fill('nas')
    await panel.getByRole('button', { name: 'Make token' }).click()
    const secret = panel.getByTestId('once-secret')
    await secret.waitFor({ timeout: 10_000 })
    const token = (await secret.textContent())!.trim()
    expect(token).toMatch(/^hls_/)
    expect((await callApi(t.server.url, token, 'GET', '/jobs')).status).toBe(200)

    await panel.getByLabel('Webhook URL').fill('http://127.0.0.3:9/hooks')
    await panel.getByRole('button', { name: 'Add webhook' }).click()
    await page.getByText('is on a loopback, private or link-local address (127.0.0.3)').first().waitFor({ timeout: 10_000 })
    await panel.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hooks/studio')
    await panel.getByRole('button', { name: 'Add webhook' }).click()
    await panel.getByText('Signing secret for http://127.0.0.1:9/hooks/studio').waitFor({ timeout: 10_000 })
    await panel.locator('.automation-list li', { hasText: '127.0.0.1:9/hooks/studio' }).waitFor()
    await panel.scrollIntoViewIfNeeded()
    await saveScreen(page, 'settings-automation-wide')

    await page.setViewportSize({ width: 390, height: 844 })
    await panel.scrollIntoViewIfNeeded()
    await saveScreen(page, 'settings-automation-390')

    await panel.getByRole('button', { name: 'Done' }).first().click()
    await panel.getByRole('button', { name: 'Revoke nas' }).click()
    await panel.getByText('No API tokens yet.').waitFor({ timeout: 10_000 })
    expect((await callApi(t.server.url, token, 'GET', '/jobs')).status).toBe(401)
    await page.close()
  })
})
