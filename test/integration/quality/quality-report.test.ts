/**
 * The quality report with real ffmpeg: every rung of a real encode is measured against its
 * source, SSIM falls down the ladder, and a rung starved of bits is flagged poor.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'
import { probeMedia } from '../../../src/main/engine/media/probe'
import { planJob } from '../../../src/main/engine/pipeline/encode-job'
import { measureQuality } from '../../../src/main/engine/quality/measure-quality'
import { qualityWarnings } from '../../../src/main/engine/quality/quality-grade'
import { encodeFile, toolkit } from '../../helpers/encode'
import { runStudio } from '../../helpers/cli'
import { FFMPEG, FFPROBE, SYSTEM_FFMPEG, SYSTEM_FFPROBE, ffmpeg, makeAudio, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

let clip: string
beforeAll(async () => {
  // Fine detail and motion, so a lower rung really has less to work with.
  clip = await makeClip(work.path, 'detail', { width: 1280, height: 720, fps: 30, seconds: 8, source: 'testsrc2' })
})

describe.each([
  ['bundled ffmpeg', FFMPEG, FFPROBE],
  ["Debian's ffmpeg 5.1", SYSTEM_FFMPEG, SYSTEM_FFPROBE]
])('quality per rung with %s', (_name, ffmpegPath, ffprobePath) => {
  it('measures every rung of an encode, records it in job.json, and SSIM falls as the ladder goes down', async () => {
    const result = await encodeFile(clip, join(work.path, `out-${_name.length}`), { segmentSeconds: 2 }, { ffmpeg: ffmpegPath, ffprobe: ffprobePath })
    const manifest = JSON.parse(readFileSync(join(result.outputs.dir, 'job.json'), 'utf8')) as PackageManifest
    const video = manifest.variants.filter((v) => v.kind === 'video')
    expect(video.map((v) => v.height)).toEqual([720, 480, 360])
    for (const v of video) {
      expect(v.quality?.samples).toBe(4)
      expect(v.quality?.scaler).toBe('bicubic')
      expect(v.quality?.ssim).toBeGreaterThan(0.9)
      expect(v.quality?.psnrDb).toBeGreaterThan(30)
    }
    const ssims = video.map((v) => v.quality!.ssim)
    expect([...ssims].sort((a, b) => b - a)).toEqual(ssims)
    expect(result.outputs.variants.map((v) => v.quality?.grade)).toEqual(video.map((v) => v.quality?.grade))
  })

  it('flags a rung encoded at a starved bitrate as poor, and ranks it last', async () => {
    const info = await probeMedia(clip, { ffprobePath, ffmpegPath })
    const plan = planJob(info, resolveEncodeSettings({ ladder: [720, 360], segmentSeconds: 2 }), await toolkit(ffmpegPath, ffprobePath))
    const dir = join(work.path, `starved-${_name.length}`)
    const [top, low] = plan.video!.rungs
    // The same rungs as an encode would make, but the low one with a few kbit/s to spend.
    for (const [rung, bitrate] of [
      [top!, '4000k'],
      [low!, '12k']
    ] as const) {
      mkdirSync(join(dir, rung.id), { recursive: true })
      await ffmpeg(
        ['-i', clip, '-an', '-vf', `scale=${rung.width}:${rung.height}`, '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate,
          '-force_key_frames', 'expr:gte(t,n_forced*2)', '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod', '-hls_segment_filename', join(dir, rung.id, 's%03d.ts'), join(dir, rung.id, 'index.m3u8')],
        ffmpegPath
      )
    }
    const quality = await measureQuality({ ffmpegPath, packageDir: dir, info, plan })
    expect(quality.get(top!.id)?.grade).toMatch(/excellent|good/)
    expect(quality.get(low!.id)?.grade).toBe('poor')
    expect(quality.get(low!.id)!.ssim).toBeLessThan(quality.get(top!.id)!.ssim)
    const warnings = qualityWarnings(plan.video!.rungs.map((r) => ({ id: r.id, height: r.height, quality: quality.get(r.id)! })))
    expect(warnings).toEqual([expect.stringMatching(/^360p looks poor \(SSIM 0\.\d{3}\): raise its bitrate or drop it\.$/)])
  })
})

describe('a package made without the report', () => {
  it('has none, and `hls-studio probe-quality` measures it later and writes it into job.json', async () => {
    const result = await encodeFile(clip, join(work.path, 'off'), { segmentSeconds: 2, quality: false, ladder: [720, 360] })
    expect(result.outputs.variants.every((v) => v.quality === undefined)).toBe(true)
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'probe-quality', result.outputs.dir, '--samples', '3', '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const printed = run.events[0] as { variants: PackageManifest['variants']; warnings: string[] }
    expect(printed.variants.filter((v) => v.kind === 'video').map((v) => v.quality?.samples)).toEqual([3, 3])
    const written = JSON.parse(readFileSync(join(result.outputs.dir, 'job.json'), 'utf8')) as PackageManifest
    expect(written.variants).toEqual(printed.variants)
    expect(written.files).toEqual(result.manifest.files)
  })

  it('refuses an audio package and a bad sample count in plain words', async () => {
    const audio = await makeAudio(work.path, 'tone', { seconds: 3 })
    const result = await encodeFile(audio, join(work.path, 'audio'))
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'probe-quality', result.outputs.dir])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('is an audio package: quality is measured for video rungs.')
    const bad = await runStudio(['--data-dir', join(work.path, 'data'), 'probe-quality', result.outputs.dir, '--samples', 'lots'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--samples: a whole number from 1 to 200.')
  })
})
