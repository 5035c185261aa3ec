import { readFileSync } from 'node:fs'

/**
 * Whether a process still runs. Signal 0 checks without sending anything, but it also
 * succeeds for a zombie: a process that was killed and not yet reaped by its parent (a
 * killed studio's own parent died with it, and init reaps orphans when it gets round to
 * it). A zombie holds no lock and writes no file, so on Linux its state in /proc counts.
 * EPERM means it exists under another user.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  return !isZombie(pid)
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false
  try {
    // "pid (comm) S ...": the state follows the last ')', since comm may itself hold one.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    // Gone between the signal and the read.
    return true
  }
}
