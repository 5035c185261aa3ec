/**
 * The command line as a long-running process a test can watch and kill: it reads the
 * `--json` lines as they come, waits for a given one, and can SIGKILL the process (or its
 * whole process group, ffmpeg children included) like a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './cli'

export type CliEvent = Record<string, unknown>

export interface StudioProcess {
  child: ChildProcess
  events: CliEvent[]
  stderr: () => string
  /** Resolves with the first line `match` accepts, already seen or still to come; rejects if the process ends first. */
  waitFor(match: (event: CliEvent) => boolean): Promise<CliEvent>
  /** Resolves once stderr contains the text. */
  waitForStderr(text: string): Promise<void>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /**
   * SIGKILL for the studio process itself, as a crash: its ffmpeg children are left running
   * as orphans, exactly as they would be. (tsx runs the CLI in a child of the spawned process.)
   */
  crash(): void
  /**
   * Ctrl-C, sent to the studio process itself: the tsx wrapper, if signalled, gives its
   * child only 30 ms to acknowledge before it SIGKILLs it, which a loaded machine misses.
   */
  interrupt(): void
  /** SIGKILL for every process left in its group (orphaned ffmpeg after a crash). */
  killGroup(): void
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** The studio's own process: tsx runs the CLI in a child of the process the test spawned. */
function studioPid(wrapper: number): number {
  const studio = childrenOf(wrapper).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/main/cli/index.ts'))
  if (!studio) throw new Error('the studio process was not found under the tsx wrapper')
  return studio
}

export function startStudio(args: string[], env: NodeJS.ProcessEnv = {}): StudioProcess {
  const child = spawn(
    process.execPath,
    [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--tsconfig', join(REPO, 'tsconfig.node.json'), join(REPO, 'src/main/cli/index.ts'), ...args],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true }
  )
  const events: CliEvent[] = []
  const waiters: Array<{ match: (e: CliEvent) => boolean; resolve: (e: CliEvent) => void; reject: (e: Error) => void }> = []
  const stderrWaiters: Array<{ text: string; resolve: () => void }> = []
  let stderr = ''
  let partial = ''
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines.filter((l) => l.startsWith('{'))) {
      const event = JSON.parse(line) as CliEvent
      events.push(event)
      for (const w of [...waiters]) {
        if (!w.match(event)) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(event)
      }
    }
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const w of [...stderrWaiters]) {
      if (!stderr.includes(w.text)) continue
      stderrWaiters.splice(stderrWaiters.indexOf(w), 1)
      w.resolve()
    }
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the process ended (code ${code}, ${signal}) before the awaited line; stderr:\n${stderr}`))
      resolve({ code, signal })
    })
  )
  return {
    child,
    events,
    stderr: () => stderr,
    waitFor: (match) => {
      const seen = events.find(match)
      if (seen) return Promise.resolve(seen)
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`the process has ended; stderr:\n${stderr}`))
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }))
    },
    waitForStderr: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => stderrWaiters.push({ text, resolve }))),
    exited,
    crash: () => process.kill(studioPid(child.pid!), 'SIGKILL'),
    interrupt: () => process.kill(studioPid(child.pid!), 'SIGINT'),
    killGroup: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // The group is already gone.
      }
    }
  }
}
