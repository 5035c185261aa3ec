import { readdir, readFile, readlink } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { processAlive } from '../process-alive'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * ffmpeg processes left running by a studio that was killed (SIGKILL, a power cut of the
 * terminal) keep encoding into the job's partial folder, their cwd. A new attempt that clears
 * that folder would race them: they create files while it is removed, and may write into the
 * fresh folder. This finds them by their working directory (Linux's /proc; elsewhere there is
 * nothing to read, and the new attempt's new files are what protect it) and kills them.
 */
export async function stopOrphanedEncoders(folder: string, options: { deadlineMs?: number } = {}): Promise<number[]> {
  if (process.platform !== 'linux') return []
  const root = resolve(folder)
  const entries = await readdir('/proc').catch(() => [] as string[])
  const found: number[] = []
  for (const entry of entries) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid === process.pid) continue
    // Processes end or belong to other users while this reads: those are not ours to stop.
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined)
    if (!cwd || (cwd.replace(/ \(deleted\)$/, '') !== root && !cwd.startsWith(root + sep))) continue
    const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim()
    if (!name.startsWith('ffmpeg') && !name.startsWith('ffprobe')) continue
    try {
      process.kill(pid, 'SIGKILL')
      found.push(pid)
    } catch {
      // It ended between the read and the kill.
    }
  }
  const deadline = Date.now() + (options.deadlineMs ?? 5000)
  while (found.some(processAlive) && Date.now() < deadline) await sleep(20)
  return found
}
