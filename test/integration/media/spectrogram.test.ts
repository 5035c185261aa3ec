/**
 * The spectrogram of an audio package, drawn in the audio encode's own pass, with both binaries:
 * a labelled PNG of a fixed size whose bright band sits where the tone is.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SPECTROGRAM_FILE, SPECTROGRAM_SIZE } from '../../../src/main/engine/media/images/spectrogram-args'
import { encodeFile, toolkit } from '../../helpers/encode'
import { FFMPEG, FFPROBE, SYSTEM_FFMPEG, SYSTEM_FFPROBE, ffmpeg, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

/** The row (0 = top) of the brightest pixel in the middle column of the plot. */
function brightestRow(png: string): number {
  // The plot starts 64 px down and 141 px in (showspectrumpic's legend) and is 320 px high.
  const column = execFileSync(SYSTEM_FFMPEG, ['-v', 'error', '-i', png, '-vf', 'crop=1:318:781:65,format=gray', '-f', 'rawvideo', '-'])
  let best = 0
  for (let row = 1; row < column.length; row++) if (column[row]! > column[best]!) best = row
  return best
}

function sizeOf(png: string): string {
  return execFileSync(SYSTEM_FFPROBE, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', png], { encoding: 'utf8' }).trim()
}

describe.each([
  ['bundled ffmpeg', FFMPEG, FFPROBE, false],
  ["Debian's ffmpeg 5.1", SYSTEM_FFMPEG, SYSTEM_FFPROBE, true]
])('spectrogram with %s', (name, ffmpegPath, ffprobePath, logAxis) => {
  it(`is a ${SPECTROGRAM_SIZE.width}x${SPECTROGRAM_SIZE.height} PNG in the package, its band higher for 880 Hz than for 440 Hz`, async () => {
    expect((await toolkit(ffmpegPath, ffprobePath)).capabilities.spectrumOptions?.includes('fscale')).toBe(logAxis)
    const rows: number[] = []
    for (const frequency of [440, 880]) {
      const mp3 = join(work.path, `tone-${frequency}-${name.length}.mp3`)
      await ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000:duration=4`, '-c:a', 'libmp3lame', '-b:a', '128k', mp3], ffmpegPath)
      const result = await encodeFile(mp3, join(work.path, `out-${name.length}`), {}, { ffmpeg: ffmpegPath, ffprobe: ffprobePath })
      expect(result.manifest.files.map((f) => f.path)).toContain(SPECTROGRAM_FILE)
      const png = join(result.outputs.dir, SPECTROGRAM_FILE)
      expect(sizeOf(png)).toBe(`${SPECTROGRAM_SIZE.width},${SPECTROGRAM_SIZE.height}`)
      rows.push(brightestRow(png))
    }
    // Frequency runs upwards: the higher tone's band is nearer the top.
    expect(rows[1]).toBeLessThan(rows[0]!)
  })
})

it('is left out with --no-images, like the waveform', async () => {
  const mp3 = join(work.path, 'quiet.mp3')
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libmp3lame', mp3])
  const result = await encodeFile(mp3, join(work.path, 'no-images'), { images: false })
  expect(result.manifest.files.map((f) => f.path).filter((p) => p.startsWith('thumbnails/'))).toEqual([])
})

it('is drawn for a video job’s sound with --spectrogram, in the encode’s own pass, with both binaries; not without it', async () => {
  const clip = await makeClip(work.path, 'tone-video', { width: 256, height: 144, seconds: 3 })
  for (const [ffmpegPath, ffprobePath] of [[FFMPEG, FFPROBE], [SYSTEM_FFMPEG, SYSTEM_FFPROBE]] as const) {
    const settings = { ladder: [144], segmentSeconds: 1, images: false, quality: false, spectrogram: true }
    const result = await encodeFile(clip, join(work.path, `video-${ffmpegPath.length}`), settings, { ffmpeg: ffmpegPath, ffprobe: ffprobePath })
    expect(result.manifest.files.map((f) => f.path).filter((p) => p.startsWith('thumbnails/'))).toEqual([SPECTROGRAM_FILE])
    expect(sizeOf(join(result.outputs.dir, SPECTROGRAM_FILE))).toBe(`${SPECTROGRAM_SIZE.width},${SPECTROGRAM_SIZE.height}`)
  }
  const without = await encodeFile(clip, join(work.path, 'video-without'), { ladder: [144], segmentSeconds: 1, images: false, quality: false })
  expect(without.manifest.files.map((f) => f.path)).not.toContain(SPECTROGRAM_FILE)
})
