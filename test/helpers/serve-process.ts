/**
 * `hls-studio serve` as its own process, run from source like a user would, for tests that
 * measure the server alone (its memory, its exit).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO } from './cli'

export interface ServeProcess {
  url: string
  child: ChildProcess
  /** What it printed so far. */
  stdout(): string
  stderr(): string
  /** Resident memory of the server and its child processes (tsx runs the code in a child), in bytes. */
  rss(): number
  /** SIGTERM, as a service manager stops it; resolves with the exit code. */
  stop(): Promise<number | null>
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : 0
  } catch {
    return 0
  }
}

export function treeRss(pid: number): number {
  return rssOf(pid) + childrenOf(pid).reduce((sum, child) => sum + treeRss(child), 0)
}

/** `args` are the global options (before `serve`), `serveArgs` serve's own. */
export function startServeProcess(args: string[], env: NodeJS.ProcessEnv = {}, serveArgs: string[] = []): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--tsconfig', join(REPO, 'tsconfig.node.json'), join(REPO, 'src/main/cli/index.ts'), ...args, 'serve', '--port', '0', ...serveArgs],
    { cwd: REPO, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let output = ''
  let errors = ''
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${errors}`)))
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString()
      // Ready once the whole greeting is out: the address, then the line saying how to open it.
      const match = /serving on (http:\/\/\S+)\n.*Open .*\n/s.exec(output)
      if (!match) return
      child.removeAllListeners('exit')
      resolve({
        url: match[1]!,
        child,
        stdout: () => output,
        stderr: () => errors,
        rss: () => treeRss(child.pid!),
        stop: () =>
          new Promise<number | null>((done) => {
            if (child.exitCode !== null) return done(child.exitCode)
            child.once('exit', (code) => done(code))
            child.kill('SIGTERM')
          })
      })
    })
  })
}
