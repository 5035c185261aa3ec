/// <reference lib="dom" />
/**
 * The MP4 download in the studio's UI, in headless Chromium against `serve`: the Library card
 * offers "Download MP4" and a link to copy, serve answers its Range requests with 206, and a
 * browser with no HLS at all (MediaSource removed before the page loads) still plays the
 * package: the player falls back to the MP4. Screens: 1280 and 390 px wide.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Job } from '@shared/job'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { makeClip, tempDir } from '../helpers/media'
import { rendererBuilt, startStudioUnderTest, type StudioUnderTest } from '../helpers/studio-server'
import { saveScreen, waitForPlayback } from './studio-page'

let studio: StudioUnderTest
let browser: Browser
let job: Job
const media = tempDir('hls-studio-mp4-media-')

beforeAll(async () => {
  if (!rendererBuilt()) throw new Error('The studio UI is not built: run `npm run build` first (npm test does).')
  studio = await startStudioUnderTest()
  const clip = await makeClip(media.path, 'harbour-walk', { width: 640, height: 360, seconds: 4 })
  const { created } = await studio.server.runtime.studio.jobs.add({ sources: [clip], settings: { ladder: [360, 240], segmentSeconds: 2, quality: false, mp4: {} } })
  const id = created[0]!.id
  const deadline = Date.now() + 240_000
  for (;;) {
    job = studio.server.runtime.studio.jobs.get(id)
    if (job.status === 'COMPLETED') break
    if (job.status === 'FAILED' || job.status === 'CANCELLED') throw new Error(`the clip ended ${job.status}: ${job.error?.message}`)
    if (Date.now() > deadline) throw new Error(`the clip was not encoded within 240 s (still ${job.status})`)
    await new Promise((r) => setTimeout(r, 250))
  }
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await studio?.close()
  media.cleanup()
})

async function openLibrary(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport })
  await openLoginLink(page, studio.server.loginUrl)
  await page.evaluate(() => (window.location.hash = '#/library'))
  await page.locator(`.item-card[data-job-id="${job.id}"]`).waitFor().catch(async (error: unknown) => {
    await saveScreen(page, '13-library-without-the-card')
    throw error
  })
  return page
}

describe('the MP4 download in the studio', () => {
  it('is on the Library card, with a link to copy, and serve answers its Range requests with 206', async () => {
    const page = await openLibrary({ width: 1280, height: 800 })
    const card = page.locator(`.item-card[data-job-id="${job.id}"]`)
    const download = card.getByRole('link', { name: 'Download MP4' })
    const href = await download.getAttribute('href')
    expect(href).toMatch(new RegExp(`/media/${job.id}/download/harbour-walk\\.mp4$`))
    await expect(card.getByRole('button', { name: 'Copy MP4 link' }).count()).resolves.toBe(1)
    // The page's own session reads it as the player would: a byte range, answered 206.
    const answer = await page.evaluate(async (url) => {
      const response = await fetch(url, { headers: { Range: 'bytes=0-15' } })
      const bytes = new Uint8Array(await response.arrayBuffer())
      return { status: response.status, range: response.headers.get('content-range'), type: response.headers.get('content-type'), box: new TextDecoder().decode(bytes.slice(4, 8)) }
    }, href!)
    expect(answer).toMatchObject({ status: 206, type: 'video/mp4', box: 'ftyp' })
    expect(answer.range).toMatch(/^bytes 0-15\/\d+$/)
    // The README's screen (npm run screens copies it into docs/screens).
    await saveScreen(page, '13-download-mp4')
    await page.close()

    const phone = await openLibrary({ width: 390, height: 844 })
    const phoneCard = phone.locator(`.item-card[data-job-id="${job.id}"]`)
    const box = (await phoneCard.getByRole('link', { name: 'Download MP4' }).boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(await phone.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true)
    await saveScreen(phone, '13-download-mp4-390')
    await phone.close()
  })

  it('plays the MP4 in a browser without HLS support', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // No MSE, so VHS cannot play, and no native HLS (recent Chromium has it): a browser with no HLS at all.
    await page.addInitScript(() => {
      delete (window as { MediaSource?: unknown }).MediaSource
      delete (window as { ManagedMediaSource?: unknown }).ManagedMediaSource
      delete (window as { WebKitMediaSource?: unknown }).WebKitMediaSource
      const canPlayType = HTMLMediaElement.prototype.canPlayType
      HTMLMediaElement.prototype.canPlayType = function (type: string) {
        return /mpegurl/i.test(type) ? '' : canPlayType.call(this, type)
      }
    })
    await openLoginLink(page, studio.server.loginUrl)
    const mp4Requests: string[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('.mp4')) mp4Requests.push(request.headers().range ?? 'no range')
    })
    await page.evaluate((id) => (window.location.hash = `#/player/${id}?from=local`), job.id)
    await page.getByTestId('player').waitFor()
    await page.locator('.vjs-big-play-button').click()
    await waitForPlayback(page, 1)
    expect(await page.evaluate(() => (document.querySelector('.player-host video') as HTMLVideoElement).currentSrc)).toMatch(/\/download\/harbour-walk\.mp4$/)
    expect(mp4Requests.length).toBeGreaterThan(0)
    await page.close()
  })

  it('is asked for in Settings (height, CRF checked 0–51, burn) and per drop beside Add files', async () => {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } })
      await openLoginLink(page, studio.server.loginUrl)
      await page.evaluate(() => (window.location.hash = '#/settings/encoding'))
      const fields = page.locator('.mp4-defaults')
      const enable = fields.getByRole('checkbox', { name: /Make one MP4/ })
      // Controlled by the saved settings: it shows checked once the save has come back.
      if (!(await enable.isChecked())) await enable.click()
      const crf = fields.getByRole('textbox', { name: 'CRF' })
      await crf.waitFor()
      await crf.fill('60')
      await crf.press('Enter')
      await expect(fields.locator('.field-error').textContent()).resolves.toContain('from 0 (lossless) to 51')
      await crf.fill('20')
      await crf.press('Enter')
      await expect(fields.locator('.field-error').count()).resolves.toBe(0)
      await fields.scrollIntoViewIfNeeded()
      await saveScreen(page, `13-settings-mp4-${width}`)
      await page.evaluate(() => (window.location.hash = '#/queue'))
      // The drop's own choice follows the default just saved.
      await expect(page.getByRole('checkbox', { name: 'MP4 download' }).first().isChecked()).resolves.toBe(true)
      await saveScreen(page, `13-queue-mp4-choice-${width}`)
      await page.close()
    }
    await vi.waitFor(() => expect(studio.server.runtime.settings.get().encode.mp4).toEqual({ crf: 20, burnSubtitles: false }), { timeout: 10_000 })
  })
})
