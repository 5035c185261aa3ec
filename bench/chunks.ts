/**
 * npm run bench:chunks [-- --seconds 180] [--ffmpeg /usr/bin/ffmpeg --ffprobe /usr/bin/ffprobe] [--kill-at 70]
 *
 * Split-and-stitch against the single pass, on the same binary and the same generated 1080p30
 * source, default ladder and settings, every ratio against the single pass measured in this run:
 * - single pass (chunkSeconds 0);
 * - chunked (60 s chunks), one chunk at a time;
 * - chunked, two chunks at a time;
 * - the command line killed with SIGKILL (its ffmpeg too) once the job passes `--kill-at` percent,
 *   then `hls-studio resume`: resume time ÷ full chunked encode time (issue 11's target ≤ 0.45).
 * A benchmark, not a test: it never fails on timing. Run it on a quiet machine.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { encodeJob } from '../src/main/engine/pipeline/encode-job'
import { loadMediaToolkit, type MediaToolkit } from '../src/main/engine/media/toolkit'

const { values: flags } = parseArgs({
  options: {
    ffmpeg: { type: 'string' },
    ffprobe: { type: 'string' },
    seconds: { type: 'string', default: '180' },
    'kill-at': { type: 'string', default: '70' }
  }
})

const REPO = join(import.meta.dirname, '..')
const QUIET = ['-hide_banner', '-nostdin', '-y', '-v', 'error']

function run(binary: string, args: string[], options: { detached?: boolean; onLine?: (line: string) => void } = {}) {
  const child = spawn(binary, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'], detached: options.detached })
  let partial = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) options.onLine?.(line)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code, signal }))
  })
  return { child, exited }
}

async function makeSource(ffmpeg: string, dir: string, seconds: number): Promise<string> {
  const out = join(dir, `source-1080p30-${seconds}s.mp4`)
  const { exited } = run(ffmpeg, [
    ...QUIET,
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=30:duration=${seconds}`,
    '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k', '-shortest', out
  ])
  const result = await exited
  if (result.code !== 0) throw new Error(`could not generate the source (${result.code ?? result.signal})`)
  return out
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint()
  await work()
  return Number(process.hrtime.bigint() - started) / 1e9
}

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
  const encode = cli(['--data-dir', data, 'encode', source, '--out', join(dir, 'kill-out'), '--json'], {
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

async function main(): Promise<void> {
  const seconds = Number(flags.seconds)
  const killAt = Number(flags['kill-at'])
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: flags.ffmpeg, ffprobe: flags.ffprobe } })
  const dir = mkdtempSync(join(tmpdir(), 'hls-studio-bench-chunks-'))
  try {
    console.log(`ffmpeg ${toolkit.binaries.ffmpeg.path}, ${availableParallelism()} cores, ${seconds} s of 1080p30, default ladder (4 rungs, veryfast)`)
    const source = await makeSource(toolkit.binaries.ffmpeg.path, dir, seconds)
    const single = await encodeOnce(toolkit, source, join(dir, 'single'), { chunkSeconds: 0 })
    const chunked = await encodeOnce(toolkit, source, join(dir, 'chunked-1'), { chunkSeconds: 60, parallelChunks: 1 })
    const parallel = await encodeOnce(toolkit, source, join(dir, 'chunked-2'), { chunkSeconds: 60, parallelChunks: 2 })
    const kill = await killAndResume(source, dir, killAt)
    const rows: Array<[string, number, string]> = [
      ['single pass', single, '1.00'],
      ['chunked (60 s), 1 at a time', chunked, (chunked / single).toFixed(2)],
      ['chunked (60 s), 2 at a time', parallel, (parallel / single).toFixed(2)],
      [`SIGKILL at ${killAt}% (${kill.chunksDone} chunks done), then resume`, kill.resumeSeconds, (kill.resumeSeconds / single).toFixed(2)]
    ]
    console.log('\n| run | wall s | ÷ single pass |\n| --- | ---: | ---: |')
    for (const [name, wall, ratio] of rows) console.log(`| ${name} | ${wall.toFixed(1)} | ${ratio} |`)
    console.log(`\nresume ÷ full chunked encode: ${(kill.resumeSeconds / chunked).toFixed(2)} (target ≤ 0.45)`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
