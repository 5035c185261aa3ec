/**
 * `hls-studio encoders` tells the truth about this machine (no GPU): libx264 works, and every
 * hardware encoder the binary lists is reported unusable with ffmpeg's own reason. Run with the
 * bundled 2018 ffmpeg and with Debian's ffmpeg 5.1, which lists NVENC, QSV and VAAPI.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { EncoderReport } from '../../../src/main/engine/media/hardware/encoder-report'
import { runStudio } from '../../helpers/cli'
import { FFMPEG, SYSTEM_FFMPEG, SYSTEM_FFPROBE, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

const binaries: Array<[string, string[]]> = [
  ['bundled', []],
  ...(existsSync(SYSTEM_FFMPEG) ? ([['system 5.1', ['--ffmpeg', SYSTEM_FFMPEG, '--ffprobe', SYSTEM_FFPROBE]]] as Array<[string, string[]]>) : [])
]

describe('hls-studio encoders', () => {
  for (const [name, flags] of binaries) {
    it(`reports libx264 usable and every listed hardware encoder unusable with its reason (${name})`, async () => {
      const dataDir = join(work.path, name.replace(/\W/g, ''))
      const run = await runStudio(['--data-dir', dataDir, ...flags, 'encoders', '--json'])
      expect(run.code).toBe(0)
      const report = JSON.parse(run.stdout) as EncoderReport
      expect(report.ffmpegPath).toBe(flags.length ? SYSTEM_FFMPEG : FFMPEG)
      expect(report.encoders.find((e) => e.name === 'libx264')).toMatchObject({ usable: true, kind: 'software' })
      const hardware = report.encoders.filter((e) => e.kind === 'hardware')
      expect(hardware.length).toBeGreaterThan(0)
      for (const encoder of hardware) {
        expect(encoder.usable).toBe(false)
        // ffmpeg's words, not a generic "exited with code 1".
        expect(encoder.reason).toMatch(/device|libcuda|DRM|VA display/i)
        expect(encoder.reason).not.toMatch(/exited with code|maybe incorrect parameters/)
      }
      expect(report.auto).toBe('libx264')

      const human = await runStudio(['--data-dir', dataDir, ...flags, 'encoders'])
      expect(human.code).toBe(0)
      expect(human.stdout).toMatch(/^libx264\s+usable/m)
      for (const encoder of hardware) {
        expect(human.stdout).toContain(`${encoder.name.padEnd(18)} unusable  listed, but ${encoder.reason}`)
      }
      expect(human.stdout).toMatch(/^auto\s+libx264$/m)
    })
  }

  it('re-tests on --refresh and answers from the cache otherwise', async () => {
    const dataDir = join(work.path, 'refresh')
    const first = JSON.parse((await runStudio(['--data-dir', dataDir, 'encoders', '--json'])).stdout) as EncoderReport
    const cached = JSON.parse((await runStudio(['--data-dir', dataDir, 'encoders', '--json'])).stdout) as EncoderReport
    expect(cached.checkedAt).toBe(first.checkedAt)
    const refreshed = JSON.parse((await runStudio(['--data-dir', dataDir, 'encoders', '--json', '--refresh'])).stdout) as EncoderReport
    expect(Date.parse(refreshed.checkedAt)).toBeGreaterThan(Date.parse(first.checkedAt))
  })
})
