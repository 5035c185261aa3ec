/**
 * The engine's event stream as automation sees it: the events of SSE and webhooks, each with
 * a monotonic id, kept for a short window so a client that reconnects with Last-Event-ID
 * misses nothing. Both consumers read this one log, so an SSE client and a webhook endpoint
 * see the same event under the same id.
 */
import { z } from 'zod'
import type { AutomationEventName } from '@shared/automation-events'
import type { StudioEvent } from '@shared/events'
import type { Job } from '@shared/job'
import { invoke, type ApiDeps } from './api-deps'
import { apiJobView, jobLinks, masterPlaylistUrlOf, downloadUrlOf } from './api-job-view'
import { apiJobSchema } from './api-schemas'

export type ApiEventName = AutomationEventName

const jobRefFields = { jobId: z.string(), slug: z.string(), title: z.string() }
export const apiEventDataSchemas = {
  'job-update': apiJobSchema.shape.progress.extend({ ...jobRefFields, jobStatus: z.string() }),
  'job-completed': z.object({ ...jobRefFields, jobStatus: z.literal('COMPLETED'), masterPlaylistUrl: z.string(), playbackUrl: z.string(), downloadUrl: z.string().optional(), statusUrl: z.string() }),
  'job-failed': z.object({ ...jobRefFields, jobStatus: z.literal('FAILED'), error: z.object({ code: z.string(), message: z.string() }), statusUrl: z.string() }),
  'job-cancelled': z.object({ ...jobRefFields, jobStatus: z.literal('CANCELLED'), statusUrl: z.string() })
} satisfies Record<ApiEventName, z.ZodType>

export interface ApiEvent {
  id: number
  event: ApiEventName
  /** Root-relative URLs inside are made absolute per consumer. */
  data: Record<string, unknown> & { jobId: string }
  at: number
}

/** Long enough for a script's reconnect or a serve behind a proxy that drops idle streams; short enough to stay small. */
export const RESUME_WINDOW_MS = 5 * 60 * 1000
const MAX_KEPT = 5000

function updateOf(job: Job): ApiEvent['data'] {
  const view = apiJobView(job)
  return { jobId: job.id, slug: job.slug, title: job.title, jobStatus: job.status, ...view.progress }
}

export class ApiEventLog {
  private readonly kept: ApiEvent[] = []
  /** Ids start at the start time in ms × 1000: they keep growing across a restart, so an old Last-Event-ID is never mistaken for a new one. */
  private nextId: number
  private readonly listeners = new Set<(event: ApiEvent) => void>()
  /** Events are turned into API events one at a time, so ids follow the engine's order even when one needs an await. */
  private chain: Promise<void> = Promise.resolve()
  private readonly unsubscribe: () => void

  constructor(
    private readonly deps: ApiDeps & { subscribe: (listener: (event: StudioEvent) => void) => () => void; onError?: (error: unknown) => void },
    private readonly now: () => number = Date.now
  ) {
    this.nextId = now() * 1000
    this.unsubscribe = deps.subscribe((event) => {
      // One event that cannot be turned into an API event must not stop the ones after it.
      this.chain = this.chain.then(() => this.take(event)).catch((error: unknown) => deps.onError?.(error))
    })
  }

  /** The newest id given so far (what a client that saw everything would send as Last-Event-ID). */
  lastId(): number {
    return this.nextId - 1
  }

  on(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The events after `lastId`, or undefined when some of them are no longer kept (the client must reread the jobs). */
  since(lastId: number): ApiEvent[] | undefined {
    this.forgetOld()
    if (lastId >= this.lastId()) return []
    const first = this.kept[0]
    if (!first || lastId < first.id - 1) return undefined
    return this.kept.filter((event) => event.id > lastId)
  }

  /** The event that ended a job (completed, failed or cancelled), if that is its last one and it is still kept. */
  endOf(jobId: string): ApiEvent | undefined {
    this.forgetOld()
    const last = this.kept.findLast((event) => event.data.jobId === jobId)
    return last && last.event !== 'job-update' ? last : undefined
  }

  /** Waits until every engine event so far has been turned into an API event (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain
  }

  close(): void {
    this.unsubscribe()
    this.listeners.clear()
  }

  private async take(event: StudioEvent): Promise<void> {
    const mapped = await this.map(event)
    if (!mapped) return
    const apiEvent: ApiEvent = { id: this.nextId++, event: mapped.event, data: mapped.data, at: this.now() }
    this.kept.push(apiEvent)
    this.forgetOld()
    for (const listener of this.listeners) listener(apiEvent)
  }

  private async map(event: StudioEvent): Promise<{ event: ApiEventName; data: ApiEvent['data'] } | undefined> {
    switch (event.type) {
      case 'job-created':
      case 'job-updated':
        return { event: 'job-update', data: updateOf(event.job) }
      case 'job-completed': {
        const { job } = event
        return { event: 'job-completed', data: { jobId: job.id, slug: job.slug, title: job.title, jobStatus: 'COMPLETED', masterPlaylistUrl: masterPlaylistUrlOf(job) ?? '', playbackUrl: await this.playbackUrl(job), downloadUrl: downloadUrlOf(job), statusUrl: jobLinks(job.id).statusUrl } }
      }
      case 'job-failed': {
        const { job } = event
        return { event: 'job-failed', data: { jobId: job.id, slug: job.slug, title: job.title, jobStatus: 'FAILED', error: job.error ?? { code: 'INTERNAL', message: 'The job failed.' }, statusUrl: jobLinks(job.id).statusUrl } }
      }
      case 'job-cancelled': {
        const { job } = event
        return { event: 'job-cancelled', data: { jobId: job.id, slug: job.slug, title: job.title, jobStatus: 'CANCELLED', statusUrl: jobLinks(job.id).statusUrl } }
      }
      default:
        return undefined
    }
  }

  /** What plays: the bucket (public URL or the relayed signing proxy) when published, else the local route. */
  private async playbackUrl(job: Job): Promise<string> {
    const from = job.outputs?.published ? 'remote' : 'local'
    try {
      return (await invoke(this.deps, 'playback.source', { id: job.id, from })).url
    } catch {
      // A package deleted at once after upload still has its published URL.
      return masterPlaylistUrlOf(job) ?? ''
    }
  }

  private forgetOld(): void {
    const cutoff = this.now() - RESUME_WINDOW_MS
    while (this.kept.length > MAX_KEPT || (this.kept[0] && this.kept[0].at < cutoff)) this.kept.shift()
  }
}
