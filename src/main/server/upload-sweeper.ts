import { readdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Job } from '@shared/job'

/**
 * Uploaded sources are the server's own copies, kept only while a job may still read them:
 * queued, running, failed or cancelled (it can be retried). Once the job completed or was
 * removed, its upload folder goes, as do folders left by an upload cut short by a crash.
 */
export class UploadSweeper {
  /** Upload folders being written right now: no job refers to them yet. */
  private readonly busy = new Set<string>()

  constructor(
    private readonly uploadsDir: string,
    private readonly jobs: () => Job[]
  ) {}

  receiving(folder: string): () => void {
    this.busy.add(folder)
    return () => this.busy.delete(folder)
  }

  async sweep(): Promise<string[]> {
    let entries: string[]
    try {
      entries = await readdir(this.uploadsDir)
    } catch (error) {
      // No upload yet, so no folder: nothing to sweep. Anything else is the caller's to log.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const needed = new Set(this.jobs().flatMap((job) => (job.source.kind === 'file' && job.status !== 'COMPLETED' ? [dirname(job.source.path)] : [])))
    const removed: string[] = []
    for (const name of entries) {
      const folder = join(this.uploadsDir, name)
      if (this.busy.has(folder) || needed.has(folder)) continue
      await rm(folder, { recursive: true, force: true })
      removed.push(folder)
    }
    return removed
  }
}
