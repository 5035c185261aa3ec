/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The studio's own player (video.js with VHS) in Chromium against `serve`: a dropped source
 * with two audio languages and two subtitle tracks plays with an Audio menu that switches the
 * language and a Subtitles menu that lists every rendition. Screens, wide and at 390 px, go to
 * test-results/screens.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { tempDir } from '../helpers/media'
import { makeMultiTrackClip } from '../helpers/multi-track'
import { rendererBuilt, startStudioUnderTest, type StudioUnderTest } from '../helpers/studio-server'
import { dropPaths, saveScreen, waitForPlayback, waitForRows } from './studio-page'

let studio: StudioUnderTest
let browser: Browser
let page: Page
const media = tempDir('hls-studio-e2e-languages-')

beforeAll(async () => {
  if (!rendererBuilt()) throw new Error('The studio UI is not built: run `npm run build` first (npm test does).')
  const clip = await makeMultiTrackClip(media.path, 'harbour-languages', { seconds: 8, width: 640, height: 360, frenchForced: false })
  studio = await startStudioUnderTest()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await openLoginLink(page, studio.server.loginUrl)
  await dropPaths(page, [clip])
  await waitForRows(page, ['COMPLETED'], 1)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await studio?.close()
  media.cleanup()
})

/** The audio segments the page has fetched, by rendition folder. */
async function audioFoldersFetched(): Promise<string[]> {
  return page.evaluate(() => [...new Set(performance.getEntriesByType('resource').map((e) => /\/(audio-\d+)\/seg_/.exec(e.name)?.[1]).filter((f): f is string => Boolean(f)))])
}

describe('languages in the studio’s player', () => {
  it('switches the audio language from the Audio menu and keeps playing', async () => {
    await page.getByRole('link', { name: 'Library' }).first().click()
    await page.locator('.item-card', { hasText: 'harbour-languages' }).getByRole('button', { name: 'Local' }).click()
    await page.getByTestId('player').waitFor()
    await page.locator('.vjs-big-play-button').click()
    await waitForPlayback(page, 0.5)

    const audio = page.getByRole('radiogroup', { name: 'Audio' })
    await expect(audio.getByRole('radio').allTextContents()).resolves.toEqual(['Englishen', 'Françaisfr'])
    await expect(audio.getByRole('radio', { name: /English/ }).getAttribute('aria-checked')).resolves.toBe('true')
    await expect(audioFoldersFetched()).resolves.toEqual(['audio-0'])

    await audio.getByRole('radio', { name: /Français/ }).click()
    await expect(audio.getByRole('radio', { name: /Français/ }).getAttribute('aria-checked')).resolves.toBe('true')
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/audio-1/seg_')), undefined, { timeout: 30_000 })
    const at = await page.evaluate(() => (document.querySelector('.player-host video') as HTMLVideoElement).currentTime)
    await waitForPlayback(page, at + 0.5)
  })

  it('lists every subtitle rendition and shows the one chosen', async () => {
    const menu = page.getByRole('radiogroup', { name: 'Subtitles' })
    await expect(menu.getByRole('radio').allTextContents()).resolves.toEqual(['Off', 'Englishen', 'Françaisfr'])
    // Paused on the French cue first, so the track turned on loads the segment that holds it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const video = document.querySelector('.player-host video') as HTMLVideoElement
          video.pause()
          video.addEventListener('seeked', () => resolve(), { once: true })
          video.currentTime = 0.8
        })
    )
    await menu.getByRole('radio', { name: /Français/ }).click()
    await expect(menu.getByRole('radio', { name: /Français/ }).getAttribute('aria-checked')).resolves.toBe('true')
    // A paused video shows a cue once its track has loaded and the time moves: wait for the
    // French cues to arrive, then seek within the cue so video.js draws it.
    await page.waitForFunction(
      () => {
        // video.js keeps its own (emulated) text tracks: native ones are off in the studio's player.
        type Tracks = { length: number; [i: number]: { language: string; mode: string; cues?: { length: number } | null } }
        const host = document.querySelector('.video-js') as (Element & { player?: { textTracks: () => Tracks } }) | null
        const tracks = host?.player?.textTracks()
        if (!tracks) return false
        for (let i = 0; i < tracks.length; i++) {
          const t = tracks[i]!
          if (t.language === 'fr' && t.mode === 'showing' && (t.cues?.length ?? 0) > 0) return true
        }
        return false
      },
      undefined,
      { timeout: 60_000 }
    )
    await page.evaluate(() => {
      ;(document.querySelector('.player-host video') as HTMLVideoElement).currentTime = 0.9
    })
    await page.locator('.vjs-text-track-display', { hasText: 'Bonjour du port' }).waitFor({ timeout: 30_000 })
    await saveScreen(page, '11-player-languages')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.locator('.vjs-text-track-display', { hasText: 'Bonjour du port' }).waitFor({ timeout: 30_000 })
    await saveScreen(page, '11-player-languages-narrow')
    await page.setViewportSize({ width: 1440, height: 900 })
  })
})
