/** What the chunk benchmark's rows share: child processes with their output by line, timing, the generated source. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export const REPO = join(import.meta.dirname, '..')
export const QUIET = ['-hide_banner', '-nostdin', '-y', '-v', 'error']

export function run(binary: string, args: string[], options: { cwd?: string; detached?: boolean; onLine?: (line: string) => void } = {}) {
  const child = spawn(binary, args, { cwd: options.cwd ?? REPO, stdio: ['ignore', 'pipe', 'ignore'], detached: options.detached })
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

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint()
  await work()
  return Number(process.hrtime.bigint() - started) / 1e9
}

/** testsrc2 1080p30 with pink-noise stereo AAC: detailed enough that x264 works as on real footage. */
export async function makeSource(ffmpeg: string, dir: string, seconds: number): Promise<string> {
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
