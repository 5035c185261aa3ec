/**
 * The multi-language package in Chromium with hls.js: both audio languages and every subtitle
 * rendition are offered under their names, switching the audio loads the French rendition and
 * playback goes on, and switching subtitles shows that language's cues.
 */
import { join, relative } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { encodeFile } from '../../helpers/encode'
import { HLSJS_DIR } from '../../helpers/hlsjs-player'
import { tempDir } from '../../helpers/media'
import { makeMultiTrackClip } from '../../helpers/multi-track'
import { serveFolders, type StaticServer } from '../../helpers/static-server'

const work = tempDir()
const out = join(work.path, 'out')

const PAGE = `<!doctype html><video id="v" muted playsinline></video>
<script src="/hlsjs/hls.min.js"></script>
<script>
  window.audioLoads = []
  window.openStream = (src) => new Promise((resolve, reject) => {
    const video = document.getElementById('v')
    const hls = new Hls({ subtitleDisplay: true })
    window.hls = hls
    hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) reject(new Error(data.details)) })
    hls.on(Hls.Events.FRAG_BUFFERED, (_e, data) => { if (data.frag.type === 'audio') window.audioLoads.push(data.frag.url) })
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => resolve({
      audio: hls.audioTracks.map((t) => ({ name: t.name, lang: t.lang, default: t.default })),
      subtitles: hls.subtitleTracks.map((t) => ({ name: t.name, lang: t.lang, forced: t.forced }))
    }))
    hls.loadSource(src)
    hls.attachMedia(video)
    video.play().catch(() => undefined)
  })
  window.showingCues = () => Array.from(document.getElementById('v').textTracks)
    .filter((t) => t.mode === 'showing')
    .flatMap((t) => Array.from(t.cues || []).map((c) => t.language + ': ' + c.text))
</script>`

interface PageApi {
  openStream(src: string): Promise<{ audio: Array<{ name: string; lang: string; default: boolean }>; subtitles: Array<{ name: string; lang: string; forced: boolean }> }>
  hls: { audioTrack: number; subtitleTrack: number }
  audioLoads: string[]
  showingCues(): string[]
  document: { getElementById(id: string): { currentTime: number } }
}

describe('two languages in hls.js', () => {
  let browser: Browser
  let server: StaticServer
  beforeAll(async () => {
    browser = await launchChromium()
    server = await serveFolders({ '/media/': out, '/hlsjs/': HLSJS_DIR }, { '/player.html': PAGE })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    work.cleanup()
  })

  it('offers both audio languages and both subtitle tracks, and switches each', async () => {
    const clip = await makeMultiTrackClip(work.path, 'harbour-languages', { seconds: 8 })
    const { outputs } = await encodeFile(clip, out, { segmentSeconds: 2, ladder: [240], images: false })
    const page = await browser.newPage()
    try {
      await page.goto(`${server.url}/player.html`)
      const tracks = await page.evaluate((src) => (globalThis as unknown as PageApi).openStream(src), `/media/${relative(out, outputs.masterPlaylist)}`)
      expect(tracks.audio).toEqual([
        { name: 'English', lang: 'en', default: true },
        { name: 'Français', lang: 'fr', default: false }
      ])
      expect(tracks.subtitles).toEqual([
        { name: 'English', lang: 'en', forced: false },
        { name: 'Français', lang: 'fr', forced: true }
      ])
      await page.waitForFunction(() => (globalThis as unknown as PageApi).audioLoads.some((url) => url.includes('/audio-0/')), undefined, { timeout: 30_000 })

      await page.evaluate(() => ((globalThis as unknown as PageApi).hls.audioTrack = 1))
      await page.waitForFunction(() => (globalThis as unknown as PageApi).audioLoads.some((url) => url.includes('/audio-1/')), undefined, { timeout: 30_000 })
      const switchedAt = await page.evaluate(() => (globalThis as unknown as PageApi).document.getElementById('v').currentTime)
      await page.waitForFunction((t) => (globalThis as unknown as PageApi).document.getElementById('v').currentTime > t + 0.5, switchedAt, { timeout: 30_000 })

      await page.evaluate(() => ((globalThis as unknown as PageApi).hls.subtitleTrack = 1))
      await page.waitForFunction(() => (globalThis as unknown as PageApi).showingCues().length > 0, undefined, { timeout: 30_000 })
      expect(await page.evaluate(() => (globalThis as unknown as PageApi).showingCues())).toEqual(['fr: Bonjour du port'])
      await page.evaluate(() => ((globalThis as unknown as PageApi).hls.subtitleTrack = 0))
      // hls.js loads each WebVTT segment as playback reaches it.
      await page.waitForFunction(() => (globalThis as unknown as PageApi).showingCues().includes('en: Second line'), undefined, { timeout: 30_000 })
      expect(new Set(await page.evaluate(() => (globalThis as unknown as PageApi).showingCues()))).toEqual(new Set(['en: Hello from the harbour', 'en: Second line']))
    } finally {
      await page.close()
    }
  })
})
