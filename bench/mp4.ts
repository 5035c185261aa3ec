/**
 * npm run bench:mp4 [-- --ffmpeg /usr/bin/ffmpeg --ffprobe /usr/bin/ffprobe] [--seconds 20] [--rounds 2]
 *
 * What the MP4 download adds to an encode: a generated 1080p30 source is encoded with the
 * studio's default ladder without an MP4, with `--mp4` (the top rung's size, CRF 23) and with
 * `--mp4 720`, in alternating rounds; and, for scale, the same 1080p MP4 made the way the
 * studio avoids, a separate ffmpeg that decodes the source again. Prints medians and ratios
 * against the encode without an MP4 measured in the same run. Never fails on timing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { loadMediaToolkit } from '../src/main/engine/media/toolkit'
import { encodeJob } from '../src/main/engine/pipeline/encode-job'
import { QUIET, makeSource, run, timed } from './bench-process'

const { values: flags } = parseArgs({
  options: { ffmpeg: { type: 'string' }, ffprobe: { type: 'string' }, seconds: { type: 'string', default: '20' }, rounds: { type: 'string', default: '2' } }
})

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function main(): Promise<void> {
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe } })
  const ffmpegPath = toolkit.binaries.ffmpeg.path
  const seconds = Number(flags.seconds)
  const work = mkdtempSync(join(tmpdir(), 'hls-studio-bench-mp4-'))
  try {
    const source = await makeSource(ffmpegPath, work, seconds)
    let n = 0
    const encode = (settings: EncodeSettingsInput) => () =>
      encodeJob(toolkit, {
        jobId: `job-00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
        slug: 'bench',
        title: 'bench',
        inputPath: source,
        outputRoot: join(work, 'out'),
        settings: resolveEncodeSettings({ images: false, quality: false, ...settings })
      })
    const separatePass = async (): Promise<void> => {
      const { exited } = run(ffmpegPath, [...QUIET, '-i', source, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart', join(work, 'separate.mp4')])
      const result = await exited
      if (result.code !== 0) throw new Error(`the separate MP4 pass failed (${result.code ?? result.signal})`)
    }
    const rows = [
      { name: 'studio encode, no MP4 (reference)', work: encode({}), times: [] as number[] },
      { name: 'with `--mp4` (1080p, CRF 23), same pass', work: encode({ mp4: {} }), times: [] as number[] },
      { name: 'with `--mp4 720`, same pass', work: encode({ mp4: { height: 720 } }), times: [] as number[] },
      { name: 'the 1080p MP4 alone, decoding the source again', work: separatePass, times: [] as number[] }
    ]
    for (let round = 0; round < Number(flags.rounds); round++) {
      for (const row of rows) {
        row.times.push(await timed(row.work))
        rmSync(join(work, 'out'), { recursive: true, force: true })
      }
    }
    const reference = median(rows[0]!.times)
    console.log(`\n### MP4 download cost: ${seconds} s of 1080p30 → 1080/720/480/360 + MP4, ${toolkit.capabilities.version}, median of ${flags.rounds} (load average ${loadavg()[0]!.toFixed(1)})\n`)
    console.log('| run | wall (s) | ÷ no MP4 |')
    console.log('| --- | ---: | ---: |')
    for (const row of rows) console.log(`| ${row.name} | ${median(row.times).toFixed(1)} | ${(median(row.times) / reference).toFixed(2)} |`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
