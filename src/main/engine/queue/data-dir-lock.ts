import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { StudioError } from '@shared/errors'
import { processAlive } from '../process-alive'

export interface LockOwner {
  pid: number
  host: string
  since: string
  /** What the holder is doing, e.g. "hls-studio resume" or "desktop app". */
  purpose: string
}

export interface DataDirLock {
  readonly owner: LockOwner
  release(): Promise<void>
}

export interface AcquireLockOptions {
  dataDir: string
  /** The lock folder proper-lockfile creates (atomically, with mkdir). */
  lockPath: string
  purpose: string
  /** Called when the lock was lost (e.g. the machine slept past the stale limit). */
  onCompromised?: (error: Error) => void
}

const ownerFile = (lockPath: string): string => `${lockPath}.owner.json`

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(lockPath), 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

function lockedMessage(dataDir: string, owner: LockOwner | undefined): string {
  const who = owner ? `${owner.purpose} (process ${owner.pid}${owner.host !== hostname() ? ` on ${owner.host}` : ''}, since ${owner.since})` : 'another HLS Studio process'
  return (
    `The data folder ${dataDir} is in use by ${who}. ` +
    'Only one studio at a time may change its job list: wait for it to finish, stop it, or use another --data-dir.'
  )
}

/**
 * proper-lockfile, on use: it brings graceful-fs, which patches fs as it loads (≈8 ms), and
 * `hls-studio jobs` or `publish` beside no running studio never needs it.
 */
async function lockfile(): Promise<typeof import('proper-lockfile')> {
  return (await import('proper-lockfile')).default
}

async function tryLock(options: AcquireLockOptions): Promise<() => Promise<void>> {
  return (await lockfile()).lock(options.dataDir, {
    lockfilePath: options.lockPath,
    realpath: false,
    // The holder refreshes the lock's mtime every 5 s; one untouched for 20 s is from a dead process.
    stale: 20_000,
    update: 5_000,
    retries: 0,
    onCompromised: (error) => options.onCompromised?.(error)
  })
}

/**
 * One process at a time owns a data dir. A second one gets a message naming the holder.
 * A lock left by a killed process on this machine is taken over at once (its pid is gone)
 * rather than after the stale limit, so `resume` right after a crash just works.
 */
export async function acquireDataDirLock(options: AcquireLockOptions): Promise<DataDirLock> {
  await mkdir(options.dataDir, { recursive: true })
  let release: () => Promise<void>
  try {
    release = await tryLock(options)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    const owner = await readOwner(options.lockPath)
    const deadHere = owner !== undefined && owner.host === hostname() && owner.pid !== process.pid && !processAlive(owner.pid)
    if (!deadHere) throw new StudioError('STORE_LOCKED', lockedMessage(options.dataDir, owner))
    await rm(options.lockPath, { recursive: true, force: true })
    try {
      release = await tryLock(options)
    } catch {
      throw new StudioError('STORE_LOCKED', lockedMessage(options.dataDir, await readOwner(options.lockPath)))
    }
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose: options.purpose }
  await writeFile(ownerFile(options.lockPath), JSON.stringify(owner))
  let released = false
  return {
    owner,
    async release() {
      if (released) return
      released = true
      await rm(ownerFile(options.lockPath), { force: true })
      // Already released or compromised (stale, taken over): there is nothing left to give back.
      await release().catch(() => undefined)
    }
  }
}

/** Who holds the data dir, if anyone (a lock left by a dead process is no one): for read-only commands. */
export async function dataDirLockHolder(lockPath: string): Promise<LockOwner | undefined> {
  // No lock folder, no holder: the common case, answered without loading proper-lockfile.
  if (!(await stat(lockPath).then(() => true, () => false))) return undefined
  const held = await (await lockfile()).check(lockPath, { lockfilePath: lockPath, realpath: false, stale: 20_000 }).catch(() => false)
  if (!held) return undefined
  const owner = await readOwner(lockPath)
  if (owner && owner.host === hostname() && !processAlive(owner.pid)) return undefined
  return owner ?? { pid: 0, host: '', since: '', purpose: 'another HLS Studio process' }
}
