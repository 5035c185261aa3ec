import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, dataDirLockHolder } from '../../../src/main/engine/queue/data-dir-lock'
import { tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'

const dirs: Array<{ cleanup: () => void }> = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup()
})

function dataDir(): { dataDir: string; lockPath: string } {
  const dir = tempDir()
  dirs.push(dir)
  return { dataDir: join(dir.path, 'data'), lockPath: join(dir.path, 'data', 'studio.lock') }
}

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('data dir lock', () => {
  it('lets one holder in and tells a second one who holds it, in words', async () => {
    const paths = dataDir()
    const first = await acquireDataDirLock({ ...paths, purpose: 'hls-studio watch' })
    const error = await acquireDataDirLock({ ...paths, purpose: 'hls-studio encode' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORE_LOCKED' })
    expect((error as Error).message).toBe(
      `The data folder ${paths.dataDir} is in use by hls-studio watch (process ${process.pid}, since ${first.owner.since}). ` +
        'Only one studio at a time may change its job list: wait for it to finish, stop it, or use another --data-dir.'
    )
    expect(await dataDirLockHolder(paths.lockPath)).toMatchObject({ pid: process.pid, purpose: 'hls-studio watch' })
    await first.release()
    expect(await dataDirLockHolder(paths.lockPath)).toBeUndefined()
    const second = await acquireDataDirLock({ ...paths, purpose: 'hls-studio encode' })
    expect(second.owner.purpose).toBe('hls-studio encode')
    await second.release()
  })

  it('takes over at once a lock left by a process that was killed', async () => {
    const paths = dataDir()
    // What a SIGKILLed holder leaves: the lock folder, fresh, and its owner file.
    mkdirSync(paths.lockPath, { recursive: true })
    writeFileSync(`${paths.lockPath}.owner.json`, JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString(), purpose: 'hls-studio encode' }))
    const lock = await acquireDataDirLock({ ...paths, purpose: 'hls-studio resume' })
    expect(lock.owner.pid).toBe(process.pid)
    await lock.release()
    expect(existsSync(paths.lockPath)).toBe(false)
  })

  it.runIf(process.platform === 'linux')('takes over a lock whose owner was killed but not yet reaped (a zombie)', async () => {
    // A killed studio whose parent died with it is a zombie until init reaps it, and signal 0
    // still finds it. Here `sleep 30` becomes the parent of a short `sleep` and never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] })
    try {
      const zombie = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))))
      const state = (): string => {
        const stat = readFileSync(`/proc/${zombie}/stat`, 'utf8')
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
      }
      await waitUntil(`process ${zombie} to be a zombie`, () => state() === 'Z', { timeoutMs: 10_000 })
      expect(() => process.kill(zombie, 0)).not.toThrow()
      const paths = dataDir()
      mkdirSync(paths.lockPath, { recursive: true })
      writeFileSync(`${paths.lockPath}.owner.json`, JSON.stringify({ pid: zombie, host: hostname(), since: new Date().toISOString(), purpose: 'hls-studio serve' }))
      expect(await dataDirLockHolder(paths.lockPath)).toBeUndefined()
      const lock = await acquireDataDirLock({ ...paths, purpose: 'hls-studio serve' })
      expect(lock.owner.pid).toBe(process.pid)
      await lock.release()
    } finally {
      parent.kill('SIGKILL')
    }
  })

  it('does not take over a fresh lock whose owner is alive', async () => {
    const paths = dataDir()
    mkdirSync(paths.lockPath, { recursive: true })
    // The parent of this test process is alive for the whole test.
    writeFileSync(`${paths.lockPath}.owner.json`, JSON.stringify({ pid: process.ppid, host: hostname(), since: 'earlier', purpose: 'desktop app' }))
    await expect(acquireDataDirLock({ ...paths, purpose: 'hls-studio resume' })).rejects.toMatchObject({
      code: 'STORE_LOCKED',
      message: expect.stringContaining(`in use by desktop app (process ${process.ppid}, since earlier)`)
    })
  })
})
