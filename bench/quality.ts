/**
 * npm run bench:quality [-- --ffmpeg /usr/bin/ffmpeg --ffprobe /usr/bin/ffprobe] [--seconds 60]
 *
 * What the quality report costs next to the encode it measures: a generated 1080p30 source
 * is encoded with the studio's defaults (report off), then its rungs are measured with the
 * fixed 20 samples and with the budget a job gives it (3% of the encode's time). Prints wall
 * times and ratios against the encode measured in the same run. Never fails on timing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveEncodeSettings } from '@shared/settings'
import { runMediaProcess } from '../src/main/engine/media/runner'
import { loadMediaToolkit } from '../src/main/engine/media/toolkit'
import { encodeJob } from '../src/main/engine/pipeline/encode-job'
import { QUALITY_BUDGET_SHARE } from '../src/main/engine/pipeline/job-quality'
import { measureQuality } from '../src/main/engine/quality/measure-quality'

const { values: flags } = parseArgs({ options: { ffmpeg: { type: 'string' }, ffprobe: { type: 'string' }, seconds: { type: 'string', default: '60' } } })

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint()
  const value = await work()
  return [value, Number(process.hrtime.bigint() - started) / 1e9]
}

async function main(): Promise<void> {
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe } })
  const ffmpegPath = toolkit.binaries.ffmpeg.path
  const seconds = Number(flags.seconds)
  const work = mkdtempSync(join(tmpdir(), 'hls-studio-bench-quality-'))
  try {
    const source = join(work, 'source.mp4')
    await runMediaProcess({
      binary: ffmpegPath,
      label: 'bench source',
      args: ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-c:a', 'aac', '-shortest', source]
    })
    const settings = resolveEncodeSettings({ quality: false })
    const [encoded, encodeSeconds] = await timed(() =>
      encodeJob(toolkit, { jobId: 'job-00000000-0000-4000-8000-000000000000', slug: 'bench', title: 'bench', inputPath: source, outputRoot: join(work, 'out'), settings })
    )
    const measure = (options: { samples?: number; budgetMs?: number }) =>
      timed(() => measureQuality({ ffmpegPath, packageDir: encoded.outputs.dir, info: encoded.info, plan: encoded.plan, ...options }))
    const [fixed, fixedSeconds] = await measure({ samples: 20 })
    const [budgeted, budgetSeconds] = await measure({ budgetMs: QUALITY_BUDGET_SHARE * encodeSeconds * 1000 })
    const samplesOf = (q: typeof fixed): number => [...q.values()][0]?.samples ?? 0
    const rungs = encoded.plan.video!.rungs
    console.log(`\n### Quality report cost: ${seconds} s of 1080p30, ${rungs.length} rungs, ${toolkit.capabilities.version} (load average ${loadavg()[0]!.toFixed(1)})\n`)
    console.log('| run | frames per rung | wall (s) | ÷ encode |')
    console.log('| --- | ---: | ---: | ---: |')
    console.log(`| studio encode, report off (reference) | – | ${encodeSeconds.toFixed(1)} | 1.00 |`)
    console.log(`| report, fixed 20 samples | ${samplesOf(fixed)} | ${fixedSeconds.toFixed(1)} | ${(fixedSeconds / encodeSeconds).toFixed(3)} |`)
    console.log(`| report as a job runs it (budget ${QUALITY_BUDGET_SHARE * 100}% of the encode) | ${samplesOf(budgeted)} | ${budgetSeconds.toFixed(1)} | ${(budgetSeconds / encodeSeconds).toFixed(3)} |`)
    console.log(`\nPer rung (fixed 20): ${rungs.map((r) => `${r.height}p SSIM ${fixed.get(r.id)?.ssim.toFixed(4)} / ${fixed.get(r.id)?.psnrDb} dB (${fixed.get(r.id)?.grade})`).join('; ')}`)
    console.log(`Per rung (budgeted): ${rungs.map((r) => `${r.height}p SSIM ${budgeted.get(r.id)?.ssim.toFixed(4)}`).join('; ')}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
