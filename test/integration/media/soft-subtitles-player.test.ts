/**
 * Soft subtitles are a real, switchable track in a real player: Chromium with hls.js lists the
 * WebVTT rendition, turns it on and off, and shows each cue exactly while the picture the cue
 * was written for is on screen. The clip is black and turns white during each cue, so a canvas
 * pixel at the cue's edges says whether X-TIMESTAMP-MAP lined cues and picture up.
 */
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { encodeFile } from '../../helpers/encode'
import { HLSJS_DIR } from '../../helpers/hlsjs-player'
import { ffmpeg, tempDir } from '../../helpers/media'
import { serveFolders, type StaticServer } from '../../helpers/static-server'

const work = tempDir()
const CUES = [
  { start: 0.6, end: 1.4, text: 'First line' },
  // Crosses the 2 s segment boundary, so it is written into two segments.
  { start: 1.8, end: 3.2, text: 'Second line' }
]

const PAGE = `<!doctype html><video id="v" muted playsinline></video>
<script src="/hlsjs/hls.min.js"></script>
<script>
  window.events = []
  window.openStream = (src) => new Promise((resolve, reject) => {
    const video = document.getElementById('v')
    const hls = new Hls({ subtitleDisplay: true })
    window.hls = hls
    hls.on(Hls.Events.ERROR, (_e, data) => { if (data.fatal) reject(new Error(data.details)) })
    hls.on(Hls.Events.SUBTITLE_TRACK_SWITCH, (_e, data) => window.events.push('switch:' + data.id))
    // hls.js offers the tracks of the current level's SUBTITLES group once a level is chosen.
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, () => resolve(hls.subtitleTracks.map((t) => ({ name: t.name, lang: t.lang, groupId: t.groupId }))))
    hls.loadSource(src)
    hls.attachMedia(video)
  })
  window.textTracks = () => Array.from(document.getElementById('v').textTracks).map((t) => ({
    mode: t.mode,
    language: t.language,
    cues: Array.from(t.cues || []).map((c) => ({ start: c.startTime, end: c.endTime, text: c.text }))
  }))
  /**
   * Seeks and returns the brightness (0–255) of the picture's centre once the frame for that
   * time is presented: 'seeked' alone can fire before a busy machine has painted the new frame.
   */
  window.brightnessAt = (time) => new Promise((resolve) => {
    const video = document.getElementById('v')
    video.pause()
    video.requestVideoFrameCallback(() => {
      const canvas = document.createElement('canvas')
      canvas.width = 32
      canvas.height = 24
      const ctx = canvas.getContext('2d')
      ctx.drawImage(video, 0, 0, 32, 24)
      const [r, g, b] = ctx.getImageData(16, 12, 1, 1).data
      resolve((r + g + b) / 3)
    })
    video.currentTime = time
  })
</script>`

interface TextTrackView {
  mode: string
  language: string
  cues: Array<{ start: number; end: number; text: string }>
}

interface PageApi {
  openStream(src: string): Promise<Array<{ name: string; lang: string; groupId: string }>>
  hls: { subtitleTrack: number }
  events: string[]
  textTracks(): TextTrackView[]
  brightnessAt(time: number): Promise<number>
  document: { getElementById(id: string): { play(): Promise<void> } }
}

describe('soft subtitles in Chromium with hls.js', () => {
  let browser: Browser
  let server: StaticServer
  let out: string
  let clip: string
  const srt = join(work.path, 'talk.srt')

  beforeAll(async () => {
    out = join(work.path, 'out')
    const timing = (s: number): string => `00:00:0${s.toFixed(3).replace('.', ',')}`
    writeFileSync(srt, CUES.map((c, i) => `${i + 1}\n${timing(c.start)} --> ${timing(c.end)}\n${c.text}\n`).join('\n'))
    clip = join(work.path, 'flash.mp4')
    const white = CUES.map((c) => `between(t,${c.start},${c.end - 0.001})`).join('+')
    await ffmpeg([
      '-f', 'lavfi', '-i', `color=c=black:size=320x240:rate=25:duration=4,drawbox=c=white:t=fill:enable='${white}'`,
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip
    ])
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    work.cleanup()
  })

  async function openPackage(master: string): Promise<{ page: Page; tracks: Awaited<ReturnType<PageApi['openStream']>> }> {
    server ??= await serveFolders({ '/media/': out, '/hlsjs/': HLSJS_DIR }, { '/player.html': PAGE })
    const page = await browser.newPage()
    await page.goto(`${server.url}/player.html`)
    const tracks = await page.evaluate((src) => (globalThis as unknown as PageApi).openStream(src), `/media/${relative(out, master)}`)
    return { page, tracks }
  }

  for (const segmentFormat of ['ts', 'fmp4'] as const) {
    it(`lists the track, switches it on and off, and shows each cue with its picture (${segmentFormat})`, async () => {
      const { outputs } = await encodeFile(clip, out, {
        segmentSeconds: 2,
        ladder: [240, 180],
        segmentFormat,
        images: false,
        subtitles: { path: srt, burn: false, language: 'fr' }
      }, { title: `flash ${segmentFormat}` })
      const { page, tracks } = await openPackage(outputs.masterPlaylist)
      try {
        expect(tracks).toEqual([{ name: 'French', lang: 'fr', groupId: 'subs' }])

        await page.evaluate(() => {
          ;(globalThis as unknown as PageApi).hls.subtitleTrack = 0
          return (globalThis as unknown as PageApi).document.getElementById('v').play()
        })
        await page.waitForFunction(
          () => (globalThis as unknown as PageApi).textTracks().some((t) => t.mode === 'showing' && t.cues.length >= 2),
          undefined,
          { timeout: 30_000 }
        )
        const showing = (await page.evaluate(() => (globalThis as unknown as PageApi).textTracks())).find((t) => t.mode === 'showing')!
        expect(showing.language).toBe('fr')
        // A cue repeated in two segments is one cue in the player.
        const cues = [...new Map(showing.cues.map((c) => [`${c.start.toFixed(3)}|${c.text}`, c])).values()]
        expect(cues.map((c) => c.text)).toEqual(CUES.map((c) => c.text))
        for (const [i, cue] of cues.entries()) {
          expect(cue.end - cue.start).toBeCloseTo(CUES[i]!.end - CUES[i]!.start, 2)
          // The picture is white exactly while the cue is up (frames last 0.04 s).
          const brightness = async (t: number): Promise<number> => page.evaluate((at) => (globalThis as unknown as PageApi).brightnessAt(at), t)
          expect(await brightness(cue.start - 0.1)).toBeLessThan(60)
          expect(await brightness(cue.start + 0.06)).toBeGreaterThan(190)
          expect(await brightness(cue.end - 0.06)).toBeGreaterThan(190)
          expect(await brightness(cue.end + 0.1)).toBeLessThan(60)
        }

        await page.evaluate(() => ((globalThis as unknown as PageApi).hls.subtitleTrack = -1))
        await page.waitForFunction(() => (globalThis as unknown as PageApi).textTracks().every((t) => t.mode !== 'showing'), undefined, { timeout: 10_000 })
        // hls.js may announce the same switch twice; the order is what matters.
        const switches = await page.evaluate(() => (globalThis as unknown as PageApi).events)
        expect(switches.filter((e, i) => e !== switches[i - 1])).toEqual(['switch:0', 'switch:-1'])
      } finally {
        await page.close()
      }
    })
  }
})
