/** A package the engine writes plays in a real browser: Chromium with hls.js over MSE. */
import { dirname, join, relative } from 'node:path'
import { createRequire } from 'node:module'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { encodeFile } from '../../helpers/encode'
import { makeAudio, makeClip, tempDir } from '../../helpers/media'
import { serveFolders, type StaticServer } from '../../helpers/static-server'

const hlsJsDir = dirname(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'))
const work = tempDir()

const PLAYER = `<!doctype html><video id="v" muted playsinline></video>
<script src="/hlsjs/hls.min.js"></script>
<script>
  window.play = (src) => new Promise((resolve, reject) => {
    const video = document.getElementById('v')
    const hls = new Hls()
    window.hls = hls
    hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) reject(new Error(data.details)) })
    hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(reject); resolve(hls.levels.map((l) => [l.width, l.height, l.bitrate])) })
    hls.loadSource(src)
    hls.attachMedia(video)
  })
</script>`

describe('playback in Chromium with hls.js', () => {
  let browser: Browser
  let server: StaticServer
  let out: string
  beforeAll(async () => {
    out = join(work.path, 'out')
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    work.cleanup()
  })

  async function playAndAdvance(master: string, forceLevel?: number) {
    server ??= await serveFolders({ '/media/': out, '/hlsjs/': hlsJsDir }, { '/player.html': PLAYER })
    const page = await browser.newPage()
    await page.goto(`${server.url}/player.html`)
    const levels = await page.evaluate((src) => (window as unknown as { play: (s: string) => Promise<number[][]> }).play(src), `/media/${relative(out, master)}`)
    if (forceLevel !== undefined) await page.evaluate((l) => ((window as unknown as { hls: { currentLevel: number } }).hls.currentLevel = l), forceLevel)
    await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).currentTime > 1.5, undefined, { timeout: 30_000 })
    const time = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime)
    await page.close()
    return { levels, time }
  }

  it('plays a video ladder, and every rung can be forced', async () => {
    const clip = await makeClip(work.path, 'web', { width: 854, height: 480, seconds: 5 })
    const { outputs } = await encodeFile(clip, out, { segmentSeconds: 2, ladder: [480, 360] })
    const auto = await playAndAdvance(outputs.masterPlaylist)
    // hls.js orders levels by bitrate, lowest first.
    expect(auto.levels.map(([w, h]) => `${w}x${h}`)).toEqual(['640x360', '854x480'])
    expect(auto.time).toBeGreaterThan(1.5)
    const lowest = await playAndAdvance(outputs.masterPlaylist, 0)
    expect(lowest.time).toBeGreaterThan(1.5)
  })

  it('plays fMP4 segments', async () => {
    const clip = await makeClip(work.path, 'webfmp4', { seconds: 4 })
    const { outputs } = await encodeFile(clip, out, { segmentFormat: 'fmp4', segmentSeconds: 2 })
    expect((await playAndAdvance(outputs.masterPlaylist)).time).toBeGreaterThan(1.5)
  })

  it('plays an audio-only ladder', async () => {
    const podcast = await makeAudio(work.path, 'webaudio', { seconds: 8, noise: true })
    const { outputs } = await encodeFile(podcast, out)
    const played = await playAndAdvance(outputs.masterPlaylist)
    expect(played.levels).toHaveLength(3)
    expect(played.time).toBeGreaterThan(1.5)
  })
})
