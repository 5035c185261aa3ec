import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, dataDirLockHolder } from '../../../src/main/engine/queue/data-dir-lock'
import { tempDir } from '../../helpers/media'

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
