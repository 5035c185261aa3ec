/**
 * Nothing to seek over: packages played in Chromium by hls.js and by Shaka Player's debug
 * build. Each SourceBuffer must hold one range from 0 to the end (video and audio start
 * together, no gap at any seam), hls.js must raise no hole or stall error, and Shaka must find
 * every appended segment covering what its EXTINF says ("Unexpected buffered range", which it
 * reported for the last segment of every video package).
 */
import { join, relative } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../helpers/browser'
import { holesIn, probeBuffers, serveProbePages, type BufferReport } from '../../helpers/buffer-probe'
import { encodeFile } from '../../helpers/encode'
import { makeAudio, makeClip, tempDir } from '../../helpers/media'
import { makeMultiTrackClip } from '../../helpers/multi-track'
import type { StaticServer } from '../../helpers/static-server'

const work = tempDir()
const out = join(work.path, 'out')
/**
 * The hls.js error that means the media had a hole: the gap controller jumped one. The holes
 * themselves are read from the buffered ranges. Stall reports are not counted: on this shared
 * 2-core machine Chromium sometimes stalls at 0 with all 7 s buffered from 0, which is the CPU,
 * not the media. Nor is `bufferAppendNoProgress` on the first TS fragment of a package with
 * separate audio, which hls.js 1.7 raises when it queued that append before both SourceBuffers
 * existed; its own log then shows the fragment buffered.
 */
const HOLE_ERRORS = /SeekOverHole/i

describe('playback with nothing to seek over', () => {
  let browser: Browser
  let server: StaticServer
  beforeAll(async () => {
    browser = await launchChromium()
    server = await serveProbePages(out)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    work.cleanup()
  })

  const play = async (master: string, player: 'hlsjs' | 'shaka'): Promise<BufferReport> =>
    probeBuffers(browser, `${server.url}/${player}.html`, `/media/${relative(out, master)}`)

  function expectNoHoles(report: BufferReport, player: 'hlsjs' | 'shaka', kinds = ['audio', 'video']): void {
    expect(holesIn(report)).toEqual([])
    expect(report.buffers.map((b) => b.mime.split('/')[0]).sort()).toEqual(kinds)
    for (const { ranges } of report.buffers) expect(ranges[0]![1]).toBeGreaterThan(report.duration - 0.1)
    expect(player === 'shaka' ? report.complaints : report.complaints.filter((c) => HOLE_ERRORS.test(c))).toEqual([])
  }

  for (const segmentFormat of ['ts', 'fmp4'] as const) {
    it(`${segmentFormat}: video and audio start at 0 and every seam, the last included, joins up in hls.js and Shaka`, async () => {
      const clip = await makeClip(work.path, `seams-${segmentFormat}`, { width: 640, height: 360, fps: 30, seconds: 7 })
      const { outputs } = await encodeFile(clip, out, { segmentSeconds: 2, ladder: [360], segmentFormat, images: false })
      for (const player of ['hlsjs', 'shaka'] as const) expectNoHoles(await play(outputs.masterPlaylist, player), player)
    })
  }

  it('holds for an audio-only ladder', async () => {
    const podcast = await makeAudio(work.path, 'seams-podcast', { seconds: 7, noise: true })
    const { outputs } = await encodeFile(podcast, out, { segmentSeconds: 2, images: false })
    for (const player of ['hlsjs', 'shaka'] as const) expectNoHoles(await play(outputs.masterPlaylist, player), player, ['audio'])
  })

  it('holds for a second language too', async () => {
    const clip = await makeMultiTrackClip(work.path, 'two-languages', { seconds: 5 })
    const { outputs } = await encodeFile(clip, out, { segmentSeconds: 2, ladder: [240], images: false })
    for (const player of ['hlsjs', 'shaka'] as const) expectNoHoles(await play(outputs.masterPlaylist, player), player)
  })
})
