import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PublishedLocation } from '@shared/job'
import type { Clock, ClockTimer } from './clock'
import { SILENT_LOG, type StudioLog } from '../logging/studio-log'

/**
 * What a second process may ask of the one that holds the data dir. The holder owns the
 * job list, so `hls-studio cancel` next to a running `hls-studio watch` drops a request
 * here instead of writing the store itself.
 */
export type ControlRequest =
  | { action: 'cancel'; jobId: string }
  | { action: 'retry'; jobId: string }
  /** `hls-studio publish <job>` beside a running studio: record where the package landed. */
  | { action: 'record-publication'; jobId: string; published: PublishedLocation }

function isPublishedLocation(value: unknown): value is PublishedLocation {
  const v = value as Partial<PublishedLocation> | null
  return (
    typeof v === 'object' && v !== null &&
    [v.target, v.keyPrefix, v.masterPlaylistUrl, v.uploadedAt].every((field) => typeof field === 'string') &&
    (v.publicUrl === undefined || typeof v.publicUrl === 'string') &&
    Number.isInteger(v.objectCount) && Number.isInteger(v.bytes)
  )
}

function isControlRequest(value: unknown): value is ControlRequest {
  const v = value as { action?: unknown; jobId?: unknown; published?: unknown } | null
  if (typeof v !== 'object' || v === null || typeof v.jobId !== 'string') return false
  if (v.action === 'record-publication') return isPublishedLocation(v.published)
  return v.action === 'cancel' || v.action === 'retry'
}

/** Drops a request for the process holding the data dir; it is picked up within a second. */
export async function sendControlRequest(dir: string, request: ControlRequest): Promise<void> {
  await mkdir(dir, { recursive: true })
  const name = `${Date.now()}-${randomUUID()}`
  // Written aside and renamed, so the holder never reads half a request.
  await writeFile(join(dir, `.${name}.tmp`), JSON.stringify(request))
  await rename(join(dir, `.${name}.tmp`), join(dir, `${name}.json`))
}

export class ControlInbox {
  private timer: ClockTimer | undefined
  private running = false
  private polling: Promise<void> = Promise.resolve()

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
    private readonly handle: (request: ControlRequest) => Promise<void>,
    private readonly log: StudioLog = SILENT_LOG,
    private readonly intervalMs = 500
  ) {}

  start(): void {
    this.running = true
    this.schedule()
  }

  /** Stops taking requests; resolves once one being handled is done. */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer) this.clock.clearTimeout(this.timer)
    this.timer = undefined
    await this.polling
  }

  private schedule(): void {
    if (!this.running) return
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined
      // A failed look (the folder unreadable) is logged and tried again at the next interval.
      this.polling = this.poll()
        .catch((error: unknown) => this.log.logger.warn({ err: error, dir: this.dir }, 'could not read the control requests'))
        .finally(() => this.schedule())
    }, this.intervalMs)
  }

  /** Handles every waiting request once, oldest first. A bad request is dropped, not retried forever. */
  async poll(): Promise<void> {
    // No folder yet: no other process has sent a request.
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[]
      throw error
    })
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const path = join(this.dir, name)
      // Unreadable or not a request: dropped below, as documented; a request for a job that is gone is logged.
      const request = await readFile(path, 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined)
      await rm(path, { force: true })
      if (!isControlRequest(request)) this.log.logger.warn({ file: name }, 'dropped a control request that is not one')
      else await this.handle(request).catch((error: unknown) => this.log.logger.warn({ err: error, ...request }, 'a control request failed'))
    }
  }
}
