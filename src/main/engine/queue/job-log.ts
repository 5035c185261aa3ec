import { appendFile, mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { JobLogLine } from '@shared/events'
import { SILENT_LOG, type StudioLog } from '../logging/studio-log'

/** Beyond this a log stops growing: one stuck ffmpeg must not fill the disk with warnings. */
const MAX_LOG_BYTES = 4 * 1024 * 1024

/**
 * One text file per job in the data dir's `logs` folder: the ffmpeg command lines, what
 * ffmpeg said on stderr, stage changes and errors. Lines are appended in order; writes are
 * chained so a burst of stderr lines never interleaves or blocks the encode.
 */
export class JobLogs {
  private readonly chains = new Map<string, Promise<void>>()
  private readonly sizes = new Map<string, number>()

  constructor(
    private readonly dir: string,
    private readonly log: StudioLog = SILENT_LOG
  ) {}

  pathOf(jobId: string): string {
    if (!/^[\w-]+$/.test(jobId)) throw new StudioError('INVALID_INPUT', `Not a job id: ${jobId}`)
    return join(this.dir, `${jobId}.log`)
  }

  append(entry: JobLogLine): void {
    const size = this.sizes.get(entry.jobId) ?? 0
    if (size > MAX_LOG_BYTES) return
    const text =
      size + entry.line.length > MAX_LOG_BYTES
        ? `${entry.at} [warn] log limit of ${MAX_LOG_BYTES / 1024 / 1024} MB reached; later lines are not kept\n`
        : `${entry.at} [${entry.level}] ${entry.line}\n`
    this.sizes.set(entry.jobId, size + text.length)
    const path = this.pathOf(entry.jobId)
    const previous = this.chains.get(entry.jobId) ?? mkdir(this.dir, { recursive: true }).then(() => undefined)
    // A job's log is a record, not its work: a failed write (disk full) is logged and the job goes on.
    const next = previous.then(() => appendFile(path, text, 'utf8')).catch((error: unknown) => this.log.logger.warn({ err: error, jobId: entry.jobId }, 'could not write to the job log'))
    this.chains.set(entry.jobId, next)
  }

  /** Waits until every line appended so far is on disk. */
  async flush(jobId?: string): Promise<void> {
    const chains = jobId ? [this.chains.get(jobId)] : [...this.chains.values()]
    await Promise.all(chains)
  }

  async read(jobId: string): Promise<string> {
    await this.flush(jobId)
    try {
      return await readFile(this.pathOf(jobId), 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
      throw error
    }
  }

  async remove(jobId: string): Promise<void> {
    await this.flush(jobId)
    this.chains.delete(jobId)
    this.sizes.delete(jobId)
    await rm(this.pathOf(jobId), { force: true })
  }
}
