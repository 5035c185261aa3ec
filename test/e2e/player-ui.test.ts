/// <reference lib="dom" />
/**
 * The studio's player in headless Chromium against `serve`, on packages the real engine made:
 * a portrait clip fits the window whole with its controls (1440x900 and a 390 px phone), Auto
 * climbs to the top rung within the first segments of a local package (counted from the
 * segments the page really requests), a forced rung still holds, an audio package shows its
 * waveform, and caption names read as in the side panel. Screens go to test-results/screens.
 */
import { writeFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { makeAudio, makeClip, tempDir } from '../helpers/media'
import { rendererBuilt, startStudioUnderTest, type StudioUnderTest } from '../helpers/studio-server'
import { saveScreen, waitForPlayback } from './studio-page'

let studio: StudioUnderTest
let browser: Browser
const media = tempDir('hls-studio-player-media-')
const jobs = { portrait: '', audio: '' }

async function encoded(path: string, settings: Record<string, unknown>): Promise<Job> {
  const runtime = studio.server.runtime
  const { created } = await runtime.studio.jobs.add({ sources: [path], settings })
  const id = created[0]!.id
  const deadline = Date.now() + 240_000
  for (;;) {
    const job = runtime.studio.jobs.get(id)
    if (job.status === 'COMPLETED') return job
    if (job.status === 'FAILED' || job.status === 'CANCELLED') throw new Error(`${path} ended ${job.status}: ${job.error?.message}`)
    if (Date.now() > deadline) throw new Error(`${path} was not encoded within 240 s (still ${job.status})`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function openPlayer(viewport: { width: number; height: number }, jobId: string): Promise<Page> {
  const page = await browser.newPage({ viewport })
  await openLoginLink(page, studio.server.loginUrl)
  await page.evaluate((id) => (window.location.hash = `#/player/${id}?from=local`), jobId)
  await page.getByTestId('player').waitFor()
  return page
}

/** Which rung each media segment the page fetched belongs to, in request order: ["v2", "v0", …]. */
function segmentRungs(page: Page): string[] {
  const rungs: string[] = []
  page.on('request', (request) => {
    const rung = /\/(v\d+)\/[^/]+\.(ts|m4s)(\?|$)/.exec(request.url())?.[1]
    if (rung) rungs.push(rung)
  })
  return rungs
}

beforeAll(async () => {
  if (!rendererBuilt()) throw new Error('The studio UI is not built: run `npm run build` first (npm test does).')
  studio = await startStudioUnderTest()
  const portrait = await makeClip(media.path, 'phone-portrait', { width: 540, height: 960, seconds: 8 })
  writeFileSync(portrait.replace(/\.mp4$/, '.en.srt'), '1\n00:00:00,200 --> 00:00:07,500\nHello from the harbour\n')
  const audio = await makeAudio(media.path, 'podcast-intro', { seconds: 6, noise: true })
  jobs.portrait = (await encoded(portrait, { ladder: [540, 360, 240], segmentSeconds: 2 })).id
  jobs.audio = (await encoded(audio, { segmentSeconds: 2 })).id
  browser = await launchChromium()
}, 480_000)

afterAll(async () => {
  await browser?.close()
  await studio?.close()
  media.cleanup()
})

describe('the player', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`fits a portrait clip whole, controls included, in a ${viewport.width}x${viewport.height} window`, async () => {
      const page = await openPlayer(viewport, jobs.portrait)
      await page.locator('.vjs-big-play-button').click()
      await waitForPlayback(page, 0.5)
      await page.locator('.player-host video').hover()
      const box = (sel: string) => page.locator(sel).first().evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect)
      const video = await box('.player-host .video-js')
      const controls = await box('.vjs-control-bar')
      // The whole picture and its controls are on screen, without scrolling.
      expect(video.top).toBeGreaterThanOrEqual(0)
      expect(video.bottom).toBeLessThanOrEqual(viewport.height)
      expect(video.right).toBeLessThanOrEqual(viewport.width)
      expect(controls.bottom).toBeLessThanOrEqual(viewport.height)
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true)
      // The box has the picture's shape (9:16), not a 16:9 letterbox around it.
      expect(video.width / video.height).toBeCloseTo(540 / 960, 1)
      await saveScreen(page, `11-player-portrait-${viewport.width}`)
      await page.close()
    })
  }

  it('climbs to the top rung within the first segments in Auto, and a forced rung still holds', async () => {
    const page = await openPlayer({ width: 1440, height: 900 }, jobs.portrait)
    const rungs = segmentRungs(page)
    await page.locator('.vjs-big-play-button').click()
    await waitForPlayback(page, 4.5, 90_000)
    // v0 is the top rung (540x960): reached by the second segment at the latest.
    expect(rungs.slice(0, 3)).toContain('v0')
    expect(await page.locator('.menu-item[role="radio"]', { hasText: 'Auto' }).textContent()).toContain('playing 540p')
    const labels = await page.locator('.menu-item[data-variant] > span:first-child').allTextContents()
    expect(labels.map((l) => l.replace(/\s+/g, ' ').trim())).toEqual(['v0 540p', 'v1 360p', 'v2 240p'])
    await page.close()

    // Forced before play on a fresh page: from then on, every segment is the chosen rung's.
    const forced = await openPlayer({ width: 1440, height: 900 }, jobs.portrait)
    const forcedRungs = segmentRungs(forced)
    await forced.locator('.menu-item[data-variant="v2"]').click()
    await expect(forced.locator('.menu-item[data-variant="v2"]').getAttribute('aria-checked')).resolves.toBe('true')
    const before = forcedRungs.length
    await forced.locator('.vjs-big-play-button').click()
    await waitForPlayback(forced, 4.5, 90_000)
    // A segment already asked for may still arrive; once the chosen rung's come, only they do.
    const after = forcedRungs.slice(before)
    const switched = after.indexOf('v2')
    expect(switched).toBeGreaterThanOrEqual(0)
    expect(switched).toBeLessThanOrEqual(1)
    expect(after.slice(switched).every((r) => r === 'v2')).toBe(true)
    await forced.close()
  })

  it('names captions as the side panel does, and the time tooltips on the seek bar never overlap', async () => {
    const page = await openPlayer({ width: 1440, height: 900 }, jobs.portrait)
    await page.locator('.vjs-big-play-button').click()
    await waitForPlayback(page, 0.3)
    const side = await page.locator('[aria-label="Subtitles"] .menu-item').allTextContents()
    expect(side.map((s) => s.trim())).toContain('Englishen')
    await page.locator('.vjs-control-bar > .vjs-subs-caps-button').click()
    const menu = await page.locator('.vjs-control-bar > .vjs-subs-caps-button .vjs-menu-item-text').allTextContents()
    expect(menu).toContain('English')
    expect(menu.join(' ')).not.toMatch(/\benglish\b/)
    await page.keyboard.press('Escape')

    const bar = (await page.locator('.vjs-progress-control').boundingBox())!
    await page.mouse.move(bar.x + bar.width * 0.7, bar.y + bar.height / 2)
    await page.locator('.storyboard-preview.is-visible').waitFor({ timeout: 30_000 })
    // The preview fades in over 0.1 s; an element at opacity 0 does not count as shown, so
    // measure once the fade has ended (on a loaded machine it can take a while to start).
    await page
      .waitForFunction(() => getComputedStyle(document.querySelector('.storyboard-preview')!).opacity === '1', undefined, { timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`the storyboard preview never finished fading in within 30 s: ${error.message}`)
      })
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('.vjs-progress-control .vjs-time-tooltip, .storyboard-time')]
        .filter((el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.textContent)
        .map((el) => el.getBoundingClientRect().toJSON() as DOMRect)
    )
    // The storyboard's own time, and nothing else where it could collide with it.
    expect(shown.length).toBeGreaterThan(0)
    for (let i = 0; i < shown.length; i++) {
      for (let j = i + 1; j < shown.length; j++) {
        const [a, b] = [shown[i]!, shown[j]!]
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
        expect(overlap).toBe(false)
      }
    }
    await saveScreen(page, '12-player-seek-tooltips')
    await page.close()
  })

  it('shows the waveform of an audio package instead of a black box', async () => {
    const page = await openPlayer({ width: 1440, height: 900 }, jobs.audio)
    await page.locator('.video-js > .vjs-poster').waitFor()
    const poster = await page.locator('.video-js > .vjs-poster img').evaluate((el) => (el as HTMLImageElement).src)
    expect(poster).toMatch(/waveform/)
    await page.locator('.vjs-big-play-button').click()
    await waitForPlayback(page, 0.5)
    // Still shown while it plays: an audio package has no picture of its own.
    const visible = await page.locator('.video-js > .vjs-poster').evaluate((el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 100)
    expect(visible).toBe(true)
    await saveScreen(page, '13-player-audio')
    await page.close()
  })

  it('has a favicon', async () => {
    const page = await browser.newPage()
    await openLoginLink(page, studio.server.loginUrl)
    const href = await page.locator('link[rel="icon"]').getAttribute('href')
    expect(href).toBeTruthy()
    // Fetched from the page, as the browser fetches its icon: same origin, with the session.
    const icon = await page.evaluate(async (url) => {
      const answer = await fetch(url)
      return { status: answer.status, type: answer.headers.get('content-type') ?? '' }
    }, href!)
    expect(icon.status).toBe(200)
    expect(icon.type).toMatch(/^image\//)
    await page.close()
  })
})
