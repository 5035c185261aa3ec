/**
 * npm run bench:chunks [-- --seconds 180] [--ffmpeg /usr/bin/ffmpeg --ffprobe /usr/bin/ffprobe] [--kill-at 70]
 *                      [--mbit 80] [--default-seconds 60] [--rounds 3] [--short]
 * BENCH_ROWS=chunks,resume,upload,default (the default: all) picks the rows to run.
 *
 * Every ratio is against a reference measured in the same run, on the same binary and source:
 * - chunks: single pass (chunkSeconds 0), chunked one chunk at a time, two at a time;
 * - resume: the command line killed with SIGKILL (its ffmpeg too) once the job passes
 *   `--kill-at` percent, then `hls-studio resume`: resume ÷ full chunked encode (target ≤ 0.45);
 * - upload: encode + upload to s3rver behind a link paced to `--mbit`, one after the other
 *   against publish-while-encoding (target ≤ 0.75);
 * - default: the studio's default path against the best hand-written `-var_stream_map`
 *   command, on Debian's ffmpeg (`--debian-ffmpeg`), `--default-seconds` of 1080p30 with
 *   images, `--rounds` rounds (target ≤ 1.0×).
 * `--short` runs every row on small sources with small chunks: a check that the bench works,
 * not a measurement.
 * A benchmark, not a test: it never fails on timing. Run it on a quiet machine.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { encodeJob } from '../src/main/engine/pipeline/encode-job'
import { loadMediaToolkit, type MediaToolkit } from '../src/main/engine/media/toolkit'
import { makeSource, REPO, run, timed } from './bench-process'
import { defaultPathRows, type StudioPhases } from './default-path'
import { uploadRows } from './upload-while-encoding'

const { values: flags } = parseArgs({
  options: {
    ffmpeg: { type: 'string' },
    ffprobe: { type: 'string' },
    seconds: { type: 'string' },
    'chunk-seconds': { type: 'string' },
    'kill-at': { type: 'string', default: '70' },
    mbit: { type: 'string', default: '80' },
    'debian-ffmpeg': { type: 'string', default: '/usr/bin/ffmpeg' },
    'debian-ffprobe': { type: 'string', default: '/usr/bin/ffprobe' },
    'default-seconds': { type: 'string' },
    rounds: { type: 'string' },
    short: { type: 'boolean', default: false }
  }
})

const ROWS = ['chunks', 'resume', 'upload', 'default'] as const
type Row = (typeof ROWS)[number]

function chosenRows(): Set<Row> {
  const asked = (process.env.BENCH_ROWS ?? ROWS.join(',')).split(',').map((r) => r.trim()).filter(Boolean)
  const unknown = asked.filter((r) => !ROWS.includes(r as Row))
  if (unknown.length > 0) throw new Error(`BENCH_ROWS names ${unknown.join(', ')}; the rows are ${ROWS.join(', ')}`)
  return new Set(asked as Row[])
}

const short = flags.short
const seconds = Number(flags.seconds ?? (short ? 40 : 180))
const chunkSeconds = Number(flags['chunk-seconds'] ?? (short ? 12 : 60))
const defaultSeconds = Number(flags['default-seconds'] ?? (short ? 20 : 60))
const rounds = Number(flags.rounds ?? (short ? 1 : 3))
const fmt = (n: number, digits = 2): string => n.toFixed(digits)

async function encodeOnce(toolkit: MediaToolkit, source: string, out: string, settings: EncodeSettingsInput): Promise<number> {
  return timed(() =>
    encodeJob(toolkit, { jobId: 'bench', slug: 'bench', title: 'bench', inputPath: source, outputRoot: out, settings: resolveEncodeSettings(settings) })
  )
}

function cli(args: string[], options: { detached?: boolean; onLine?: (line: string) => void } = {}) {
  const binaries = [...(flags.ffmpeg ? ['--ffmpeg', flags.ffmpeg] : []), ...(flags.ffprobe ? ['--ffprobe', flags.ffprobe] : [])]
  return run(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), '--tsconfig', join(REPO, 'tsconfig.node.json'), join(REPO, 'src/main/cli/index.ts'), ...binaries, ...args], options)
}

/** Waits until no process of group `pgid` is left, or fails saying so after `timeoutMs`. */
async function groupGone(pgid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      process.kill(-pgid, 0)
    } catch {
      return
    }
    if (Date.now() > deadline) throw new Error(`process group ${pgid} was still alive ${timeoutMs / 1000} s after SIGKILL`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Encodes through the command line, kills its whole process group past `killAt` percent, and times `resume`. */
async function killAndResume(source: string, dir: string, killAt: number): Promise<{ resumeSeconds: number; chunksDone: number }> {
  const data = join(dir, 'kill-data')
  let chunksDone = 0
  let killed = false
  const encode = cli(['--data-dir', data, 'encode', source, '--out', join(dir, 'kill-out'), '--chunk-seconds', String(chunkSeconds), '--json'], {
    detached: true,
    onLine: (line) => {
      if (killed || !line.startsWith('{')) return
      const event = JSON.parse(line) as { event?: string; percent?: number; completedChunks?: number }
      if (event.event === 'job-update' && (event.percent ?? 0) >= killAt) {
        killed = true
        chunksDone = event.completedChunks ?? 0
        process.kill(-encode.child.pid!, 'SIGKILL')
      }
    }
  })
  const ended = await encode.exited
  if (!killed) throw new Error(`the encode ended (${ended.code ?? ended.signal}) before it reached ${killAt}%`)
  // The command line runs under tsx, whose own child may outlive the parent's exit by a moment;
  // until the whole group is gone its data-dir lock still names a live process, and resume
  // would rightly refuse to start.
  await groupGone(encode.child.pid!, 30_000)
  const resumeSeconds = await timed(async () => {
    const result = await cli(['--data-dir', data, 'resume', '--json']).exited
    if (result.code !== 0) throw new Error(`resume failed (${result.code ?? result.signal})`)
  })
  return { resumeSeconds, chunksDone }
}

function table(header: string[], rows: string[][]): void {
  console.log(`\n| ${header.join(' | ')} |\n| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`)
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

function medianPhases(runs: StudioPhases[]): StudioPhases {
  return [...runs].sort((a, b) => a.wall - b.wall)[Math.floor(runs.length / 2)]!
}

async function main(): Promise<void> {
  // The SDK's notice about Node 20 support would only clutter the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const rows = chosenRows()
  const killAt = Number(flags['kill-at'])
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe } })
  const dir = mkdtempSync(join(tmpdir(), 'hls-studio-bench-chunks-'))
  const load = (): string => `load average ${fmt(loadavg()[0]!, 1)}`
  try {
    console.log(`${availableParallelism()} cores, ${load()}${short ? ' · SHORT MODE: a check, not a measurement' : ''}`)
    if (rows.has('chunks') || rows.has('resume') || rows.has('upload')) {
      console.log(`\n### ffmpeg ${toolkit.binaries.ffmpeg.path}: ${seconds} s of 1080p30, default ladder (4 rungs, veryfast), ${chunkSeconds} s chunks`)
      const source = await makeSource(toolkit.binaries.ffmpeg.path, dir, seconds)
      let chunked: number | undefined
      if (rows.has('chunks')) {
        const single = await encodeOnce(toolkit, source, join(dir, 'single'), { chunkSeconds: 0 })
        chunked = await encodeOnce(toolkit, source, join(dir, 'chunked-1'), { chunkSeconds, parallelChunks: 1 })
        const parallel = await encodeOnce(toolkit, source, join(dir, 'chunked-2'), { chunkSeconds, parallelChunks: 2 })
        table(['run', 'wall s', '÷ single pass'], [
          ['single pass', fmt(single, 1), '1.00'],
          [`chunked (${chunkSeconds} s), 1 at a time`, fmt(chunked, 1), fmt(chunked / single)],
          [`chunked (${chunkSeconds} s), 2 at a time`, fmt(parallel, 1), fmt(parallel / single)]
        ])
        console.log(`(${load()})`)
      }
      if (rows.has('resume')) {
        chunked ??= await encodeOnce(toolkit, source, join(dir, 'chunked-1'), { chunkSeconds, parallelChunks: 1 })
        const kill = await killAndResume(source, dir, killAt)
        console.log(`\nSIGKILL at ${killAt}% (${kill.chunksDone} chunks done), then resume: ${fmt(kill.resumeSeconds, 1)} s`)
        console.log(`resume ÷ full chunked encode (${fmt(chunked, 1)} s): ${fmt(kill.resumeSeconds / chunked)} (target ≤ 0.45) (${load()})`)
      }
      if (rows.has('upload')) {
        const mbit = Number(flags.mbit)
        const u = await uploadRows(toolkit, source, dir, { mbitPerSecond: mbit, chunkSeconds })
        console.log(`\n#### Encode + upload to s3rver behind a ${mbit} Mbit/s link (${fmt(u.megabytes, 0)} MB package)`)
        table(['run', 'encode s', 'upload s', 'total s', '÷ one after the other'], [
          ['encode, then upload (one after the other)', fmt(u.sequential.encode, 1), fmt(u.sequential.upload, 1), fmt(u.sequential.total, 1), '1.00'],
          [`publish while encoding (${u.overlapped.uploadedWhileEncoding} segments sent during the encode)`, fmt(u.overlapped.encode, 1), fmt(u.overlapped.upload, 1), fmt(u.overlapped.total, 1), fmt(u.overlapped.total / u.sequential.total)]
        ])
        const bound = (Math.max(u.sequential.encode, u.sequential.upload) / u.sequential.total)
        console.log(`\npublish-while-encoding ÷ one after the other: ${fmt(u.overlapped.total / u.sequential.total)} (target ≤ 0.75; the best any overlap can do here is max(encode, upload) ÷ their sum = ${fmt(bound)}) (${load()})`)
      }
    }
    if (rows.has('default')) {
      const debian = await loadMediaToolkit({ overrides: { ffmpeg: flags['debian-ffmpeg'], ffprobe: flags['debian-ffprobe'] } })
      const source = await makeSource(debian.binaries.ffmpeg.path, dir, defaultSeconds)
      const d = await defaultPathRows(debian, source, dir, rounds)
      const studio = medianPhases(d.studio)
      const reference = median(d.reference)
      console.log(`\n### Default path on ${debian.capabilities.version} (${debian.binaries.ffmpeg.path}): ${defaultSeconds} s of 1080p30, images on, median of ${rounds}`)
      table(['run', 'wall s', 'rounds s', 'studio ÷ this'], [
        [`studio default (${studio.chunked ? 'chunked' : 'single pass'}, images)`, fmt(studio.wall, 1), d.studio.map((s) => fmt(s.wall, 1)).join(' '), '1.00'],
        ['ffmpeg -var_stream_map + poster + storyboard (one command)', fmt(reference, 1), d.reference.map((s) => fmt(s, 1)).join(' '), fmt(studio.wall / reference)]
      ])
      console.log(`\nstudio phases (median run): probe + plan ${fmt(studio.probe)} s, encode ${fmt(studio.encode, 1)} s, images ${fmt(studio.images)} s, measuring + package ${fmt(studio.packaging)} s`)
      console.log(`studio ÷ -var_stream_map: ${fmt(studio.wall / reference)}× (target ≤ 1.0×) (${load()})`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
