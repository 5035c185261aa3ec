/**
 * Debian's real `redis-server` for tests (BullMQ's Lua scripts defeat mocks, and its own
 * maintainers test against a real one): a free loopback port, no persistence (`--save ''`),
 * a throwaway `--dir`. `restart()` brings it back on the same port, empty, as a Redis that
 * lost its memory would come back.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { restartablePort } from './stable-port'

export const REDIS_SERVER = process.env.HLS_STUDIO_TEST_REDIS_SERVER ?? '/usr/bin/redis-server'

export interface TestRedis {
  url: string
  port: number
  /** SIGTERM, and waits for the process to be gone. */
  stop(): Promise<void>
  /** Stops it, then starts it again on the same port. */
  restart(): Promise<void>
  /** Stops it and removes its folder. */
  close(): Promise<void>
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    // With --requirepass a live server answers NOAUTH.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())))
  })
}

async function waitForPing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}) before answering on port ${port}: ${output()}`)
    if (await answersPing(port)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`Waited 15 s for redis-server to answer PING on 127.0.0.1:${port}: ${output()}`)
}

/** `password`: started with --requirepass; `url` then carries no password. */
export async function startRedis(options: { password?: string } = {}): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'hls-studio-redis-'))
  // restart() comes back on this port, so it must not be one the kernel hands to others meanwhile.
  const port = await restartablePort()
  let child: ChildProcess | undefined

  const launch = async (): Promise<void> => {
    let output = ''
    const started = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction', ...(options.password ? ['--requirepass', options.password] : [])], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    started.stdout?.on('data', (d) => (output = (output + String(d)).slice(-2000)))
    started.stderr?.on('data', (d) => (output = (output + String(d)).slice(-2000)))
    child = started
    await waitForPing(port, started, () => output)
  }

  const stop = async (): Promise<void> => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const gone = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill('SIGTERM')
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000)
    await gone
    clearTimeout(timer)
  }

  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop()
      await launch()
    },
    async close() {
      await stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
