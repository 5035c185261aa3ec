/** A minimal hls.js player page for browser playback tests (serve it with `serveFolders`). */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Browser } from 'playwright-core'

export const HLSJS_DIR = dirname(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'))

/** Mount HLSJS_DIR at /hlsjs/ beside this page. `window.play(src)` resolves with the levels, lowest bitrate first. */
export const HLSJS_PLAYER_PAGE = `<!doctype html><video id="v" muted playsinline></video>
<script src="/hlsjs/hls.min.js"></script>
<script>
  window.play = (src) => new Promise((resolve, reject) => {
    const video = document.getElementById('v')
    const hls = new Hls()
    window.hls = hls
    hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) reject(new Error(data.details)) })
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      video.play().catch(reject)
      resolve(hls.levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate })))
    })
    hls.loadSource(src)
    hls.attachMedia(video)
  })
</script>`

export interface PlayerLevel {
  width?: number
  height?: number
  bitrate: number
}

interface PlayerPage {
  play(src: string): Promise<PlayerLevel[]>
  hls: { currentLevel: number }
  document: { getElementById(id: string): { currentTime: number } }
}

/**
 * Opens the player page, plays `src` (optionally forcing one level) until 1.5 s have played,
 * and returns hls.js's levels.
 */
export async function playUntilAdvanced(browser: Browser, pageUrl: string, src: string, forceLevel?: number): Promise<PlayerLevel[]> {
  const tab = await browser.newPage()
  try {
    await tab.goto(pageUrl)
    // These run in the page; the casts name the page's globals without the DOM typings.
    const levels = await tab.evaluate((s) => (globalThis as unknown as PlayerPage).play(s), src)
    if (forceLevel !== undefined) await tab.evaluate((l) => ((globalThis as unknown as PlayerPage).hls.currentLevel = l), forceLevel)
    await tab.waitForFunction(() => (globalThis as unknown as PlayerPage).document.getElementById('v').currentTime > 1.5, undefined, { timeout: 30_000 })
    return levels
  } finally {
    await tab.close()
  }
}
