/**
 * Plays a package in Chromium with hls.js or Shaka Player and reports what each player's
 * SourceBuffers really hold, plus every complaint the player raised about the media:
 * hls.js's non-fatal errors (`bufferSeekOverHole`, `bufferNudgeOnStall`, …) and Shaka's
 * debug-build check that each appended segment covers the time its EXTINF says
 * ("Possible encoding problem detected! Unexpected buffered range …").
 * Serve HLSJS_DIR at /hlsjs/ and SHAKA_DIR at /shaka/ beside the pages (`serveFolders`).
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Browser } from 'playwright-core'
import { HLSJS_DIR } from './hlsjs-player'
import { serveFolders, type StaticServer } from './static-server'

export { HLSJS_DIR } from './hlsjs-player'
export const SHAKA_DIR = dirname(createRequire(import.meta.url).resolve('shaka-player/dist/shaka-player.compiled.debug.js'))

/** Records every SourceBuffer the player makes, so the page can read each one's buffered ranges. */
const RECORD_BUFFERS = `<script>
  window.buffers = []
  const addSourceBuffer = MediaSource.prototype.addSourceBuffer
  MediaSource.prototype.addSourceBuffer = function (mime) {
    const buffer = addSourceBuffer.call(this, mime)
    window.buffers.push({ mime, buffer })
    return buffer
  }
  window.bufferedRanges = () => window.buffers.map(({ mime, buffer }) => {
    const ranges = []
    try {
      for (let i = 0; i < buffer.buffered.length; i++) ranges.push([buffer.buffered.start(i), buffer.buffered.end(i)])
    } catch (e) { /* a buffer removed from its MediaSource has no ranges */ }
    return { mime, ranges }
  })
  window.complaints = []
</script>`

export const HLSJS_PROBE_PAGE = `<!doctype html><video id="v" muted playsinline></video>
${RECORD_BUFFERS}
<script src="/hlsjs/hls.min.js"></script>
<script>
  window.openStream = (src, audioTrack) => new Promise((resolve, reject) => {
    const video = document.getElementById('v')
    // Buffer the whole (short) package, so every seam has been appended once playback starts.
    const hls = new Hls({ maxBufferLength: 600, maxMaxBufferLength: 600 })
    window.hls = hls
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) reject(new Error(data.details))
      else window.complaints.push([data.details, data.frag && data.frag.type + ' segment ' + data.frag.sn, data.error && data.error.message].filter(Boolean).join(': '))
    })
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      if (audioTrack !== undefined) hls.audioTrack = audioTrack
      video.play().then(() => resolve(), reject)
    })
    hls.loadSource(src)
    hls.attachMedia(video)
  })
</script>`

export const SHAKA_PROBE_PAGE = `<!doctype html><video id="v" muted playsinline></video>
${RECORD_BUFFERS}
<script src="/shaka/shaka-player.compiled.debug.js"></script>
<script>
  const error = console.error
  console.error = (...args) => {
    // Shaka passes the segment reference and the ranges as objects: keep their times and URIs.
    const brief = (a) =>
      typeof a === 'string' ? a
      : Array.isArray(a) ? a.join(',')
      : a && typeof a.startTime === 'number' ? '[' + a.startTime.toFixed(3) + ', ' + a.endTime.toFixed(3) + ']'
      : a && typeof a.start === 'number' ? '[' + a.start.toFixed(3) + ', ' + a.end.toFixed(3) + ']'
      : String(a)
    const text = args.map(brief).join(' ')
    if (/Unexpected buffered range|encoding problem/.test(text)) window.complaints.push(text.slice(0, 600))
    error.apply(console, args)
  }
  window.openStream = async (src) => {
    shaka.polyfill.installAll()
    const video = document.getElementById('v')
    const player = new shaka.Player()
    await player.attach(video)
    player.configure({ streaming: { bufferingGoal: 600, bufferBehind: 600 } })
    window.player = player
    await player.load(src)
    await video.play()
  }
</script>`

export interface BufferReport {
  /** Per SourceBuffer: its MIME type and buffered ranges in seconds. */
  buffers: Array<{ mime: string; ranges: Array<[number, number]> }>
  complaints: string[]
  duration: number
}

interface ProbePage {
  openStream(src: string, audioTrack?: number): Promise<void>
  bufferedRanges(): BufferReport['buffers']
  complaints: string[]
  document: { getElementById(id: string): { currentTime: number; duration: number } }
}

/**
 * Opens `pageUrl`, plays `src` until the whole stream is buffered (every buffer reaches the
 * end within `endTolerance`) and playback has moved past 1 s, then reports.
 */
export async function probeBuffers(browser: Browser, pageUrl: string, src: string, options: { audioTrack?: number } = {}): Promise<BufferReport> {
  const tab = await browser.newPage()
  try {
    await tab.goto(pageUrl)
    await tab.evaluate(({ s, a }) => (globalThis as unknown as ProbePage).openStream(s, a), { s: src, a: options.audioTrack })
    await tab
      .waitForFunction(
        () => {
          const page = globalThis as unknown as ProbePage
          const video = page.document.getElementById('v')
          const buffers = page.bufferedRanges()
          const full = buffers.length > 0 && buffers.every((b) => b.ranges.length > 0 && b.ranges.at(-1)![1] >= video.duration - 0.1)
          return full && video.currentTime > 1
        },
        undefined,
        { timeout: 60_000, polling: 100 }
      )
      .catch(async (error: unknown) => {
        const state = await tab.evaluate(() => {
          const page = globalThis as unknown as ProbePage
          return { buffers: page.bufferedRanges(), complaints: page.complaints, time: page.document.getElementById('v').currentTime }
        })
        throw new Error(`waited 60 s for the whole stream to buffer and play past 1 s; got ${JSON.stringify(state)}`, { cause: error })
      })
    return await tab.evaluate(() => {
      const page = globalThis as unknown as ProbePage
      return { buffers: page.bufferedRanges(), complaints: [...page.complaints], duration: page.document.getElementById('v').duration }
    })
  } finally {
    await tab.close()
  }
}

/** Every hole a report shows: a buffer that starts after 0, or a gap between two of its ranges. */
export function holesIn(report: BufferReport, tolerance = 0.05): string[] {
  const holes: string[] = []
  for (const { mime, ranges } of report.buffers) {
    const first = ranges[0]
    if (first && first[0] > tolerance) holes.push(`${mime} starts at ${first[0].toFixed(3)} s, not 0`)
    for (let i = 1; i < ranges.length; i++) holes.push(`${mime} has a gap from ${ranges[i - 1]![1].toFixed(3)} to ${ranges[i]![0].toFixed(3)} s`)
  }
  return holes
}

/** Serves `folder` at /media/ beside both probe pages (/hlsjs.html, /shaka.html) and their players. */
export function serveProbePages(folder: string): Promise<StaticServer> {
  return serveFolders({ '/media/': folder, '/hlsjs/': HLSJS_DIR, '/shaka/': SHAKA_DIR }, { '/hlsjs.html': HLSJS_PROBE_PAGE, '/shaka.html': SHAKA_PROBE_PAGE })
}
