/**
 * npm run bench:encode [-- --ffmpeg /usr/bin/ffmpeg --ffprobe /usr/bin/ffprobe] [--seconds 30] [--rounds 3] [--long-hours 2]
 *
 * Times the studio's encode of a generated 1080p30 source against hand-written ffmpeg
 * references with identical rung settings, on the same binary, and prints ratios.
 * Then encodes a long source and reports the engine's peak RSS.
 * Each run is repeated `rounds` times in rotating order and the median is reported: a small
 * virtual machine easily varies ±20% from one run to the next.
 * A benchmark, not a test: it never fails on timing. Run it on a quiet machine.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveEncodeSettings } from '@shared/settings'
import type { EncodePlan } from '@shared/plan'
import { audioEncodeArgs, hlsOutputArgs, keyframeArgs, x264RungArgs } from '../src/main/engine/media/encode-args'
import { encodeJob, planJob } from '../src/main/engine/pipeline/encode-job'
import { probeMedia } from '../src/main/engine/media/probe'
import { loadMediaToolkit, type MediaToolkit } from '../src/main/engine/media/toolkit'
import { varStreamMapArgs } from './reference-commands'

const { values: flags } = parseArgs({
  options: {
    ffmpeg: { type: 'string' },
    ffprobe: { type: 'string' },
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    'long-hours': { type: 'string', default: '2' }
  }
})

interface Measured {
  name: string
  wallSeconds?: number
  cpuBusy?: number
  note?: string
}

/** Whole-machine CPU busy share from /proc/stat, the way "cores busy" is meant. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const idle = fields[3]! + (fields[4] ?? 0)
  const total = fields.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

async function measure(name: string, work: () => Promise<string | undefined>): Promise<Measured> {
  const before = cpuTimes()
  const started = process.hrtime.bigint()
  const note = await work()
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
  const after = cpuTimes()
  const cpuBusy = (after.busy - before.busy) / (after.total - before.total)
  return { name, wallSeconds, cpuBusy, note }
}

function ffmpegRun(binary: string, args: string[], cwd: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ['ignore', 'ignore', 'ignore'] })
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal }))
  })
}

const QUIET = ['-hide_banner', '-nostdin', '-y', '-v', 'error']

/** (c) One ffmpeg per rung: decodes the source once per rung. */
function perRungArgs(source: string, plan: EncodePlan): string[][] {
  return plan.video!.rungs.map((r) => [
    ...QUIET,
    '-i',
    source,
    '-map',
    '0:v:0',
    '-map',
    '0:a:0',
    '-vf',
    `scale=${r.width}:${r.height}:flags=bicubic,setsar=1`,
    ...x264RungArgs(r, plan.video!.preset),
    ...keyframeArgs(plan),
    ...audioEncodeArgs(plan.audio!),
    ...hlsOutputArgs(plan, r.id)
  ])
}

async function makeSource(toolkit: MediaToolkit, dir: string, seconds: number, size: string, rate: number): Promise<string> {
  const out = join(dir, `source-${size}-${seconds}s.mp4`)
  const result = await ffmpegRun(
    toolkit.binaries.ffmpeg.path,
    [
      ...QUIET,
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`,
      '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-shortest', out
    ],
    dir
  )
  if (result.code !== 0) throw new Error(`could not generate the source (${result.code ?? result.signal})`)
  return out
}

/** The run with the median wall time (a crash is reported as is). */
function median(samples: Measured[]): Measured {
  const failed = samples.find((m) => m.note)
  if (failed) return failed
  const sorted = [...samples].sort((a, b) => a.wallSeconds! - b.wallSeconds!)
  return sorted[Math.floor(sorted.length / 2)]!
}

function fmt(n: number | undefined, digits = 2): string {
  return n === undefined ? '—' : n.toFixed(digits)
}

async function speedComparison(toolkit: MediaToolkit, dir: string, seconds: number): Promise<void> {
  const source = await makeSource(toolkit, dir, seconds, '1920x1080', 30)
  const settings = resolveEncodeSettings()
  const info = await probeMedia(source, { ffprobePath: toolkit.binaries.ffprobe.path, ffmpegPath: toolkit.binaries.ffmpeg.path })
  const plan = planJob(info, settings, toolkit)
  const ffmpeg = toolkit.binaries.ffmpeg.path
  const fresh = (name: string): string => {
    const d = join(dir, name)
    rmSync(d, { recursive: true, force: true })
    mkdirSync(d, { recursive: true })
    for (const r of plan.video!.rungs) mkdirSync(join(d, r.id), { recursive: true })
    return d
  }

  const runs: Array<[string, () => Promise<string | undefined>]> = [
    [
      'studio (one process, all rungs, + packaging)',
      async () => {
        await encodeJob(toolkit, { jobId: 'job-bench', slug: 'bench', title: 'bench', inputPath: source, outputRoot: fresh('studio'), settings: { ...settings, images: false } })
        return undefined
      }
    ],
    [
      'ffmpeg -var_stream_map (one command)',
      async () => {
        const r = await ffmpegRun(ffmpeg, varStreamMapArgs(source, plan), fresh('vsm'))
        return r.code === 0 ? undefined : r.signal ? `crashes (${r.signal})` : `fails (exit ${r.code})`
      }
    ],
    [
      'ffmpeg, one process per rung, one after another',
      async () => {
        const d = fresh('sequential')
        for (const args of perRungArgs(source, plan)) await ffmpegRun(ffmpeg, args, d)
        return undefined
      }
    ],
    [
      'ffmpeg, one process per rung, all at once',
      async () => {
        const d = fresh('parallel')
        await Promise.all(perRungArgs(source, plan).map((args) => ffmpegRun(ffmpeg, args, d)))
        return undefined
      }
    ]
  ]
  const samples = runs.map(() => [] as Measured[])
  const rounds = Math.max(1, Number(flags.rounds))
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no run always goes first (warm caches, thermal state).
    for (let k = 0; k < runs.length; k++) {
      const i = (k + round) % runs.length
      const [name, work] = runs[i]!
      if (samples[i]!.some((m) => m.note)) continue
      samples[i]!.push(await measure(name, work))
    }
  }
  const results = samples.map(median)
  const references = results.slice(1, 3).filter((r) => !r.note)
  const fastest = Math.min(...references.map((r) => r.wallSeconds!))
  const studio = results[0]!.wallSeconds!
  console.log(`\n### Encode: ${seconds} s of 1080p30 → ${plan.video!.rungs.map((r) => r.label).join(', ')} (x264 ${plan.video!.preset}), median of ${rounds}`)
  console.log(`ffmpeg: ${toolkit.capabilities.version} · ${cpus().length} cores\n`)
  console.log('| run | wall (s) | CPU busy | × realtime | studio ÷ this |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const r of results) {
    if (r.note) {
      console.log(`| ${r.name} | ${r.note} | — | — | — |`)
      continue
    }
    console.log(`| ${r.name} | ${fmt(r.wallSeconds, 1)} | ${fmt(r.cpuBusy! * 100, 0)}% | ${fmt(seconds / r.wallSeconds!)} | ${fmt(studio / r.wallSeconds!)} |`)
  }
  console.log(`\nStudio vs the faster working reference (b or c): ${fmt(studio / fastest)}× its time (target ≤ 0.90×); CPU busy while the studio encodes: ${fmt(results[0]!.cpuBusy! * 100, 0)}% (target ≥ 90%).`)
}

async function memoryOnLongSource(toolkit: MediaToolkit, dir: string, hours: number): Promise<void> {
  const seconds = Math.round(hours * 3600)
  // A small picture at a low rate keeps generation and encoding quick; the engine still
  // handles a full-length job: hours of progress, over a thousand segments per variant.
  const source = await makeSource(toolkit, dir, seconds, '256x144', 5)
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
  const started = Date.now()
  const result = await encodeJob(toolkit, {
    jobId: 'job-long',
    slug: 'long',
    title: 'long',
    inputPath: source,
    outputRoot: join(dir, 'long'),
    settings: resolveEncodeSettings({ images: false }),
    onProgress: () => (peak = Math.max(peak, process.memoryUsage().rss))
  })
  clearInterval(timer)
  const segments = result.manifest.variants.reduce((n, v) => n + v.segmentCount, 0)
  console.log(`\n### Memory: ${hours} h source (${segments} segments), engine peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB (target < 300 MB), ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

async function main(): Promise<void> {
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe } })
  const dir = mkdtempSync(join(tmpdir(), 'hls-studio-bench-'))
  try {
    await speedComparison(toolkit, dir, Number(flags.seconds))
    if (Number(flags['long-hours']) > 0) await memoryOnLongSource(toolkit, dir, Number(flags['long-hours']))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
