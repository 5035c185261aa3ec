import { JOB_STATUSES, type Job } from '@shared/job'
import type { StudioEvent } from '@shared/events'

/**
 * Counters `GET /metrics` reports, fed by the engine's event stream and the upload route.
 * They start at zero with each `serve` run, as Prometheus counters may.
 */
export class ServerMetrics {
  encodeSeconds = 0
  browserUploadBytes = 0
  publishedBytes = 0
  failures = 0
  private readonly encodingSince = new Map<string, number>()

  constructor(private readonly now: () => number = Date.now) {}

  observe(event: StudioEvent): void {
    if (!('job' in event)) return
    const { job } = event
    const since = this.encodingSince.get(job.id)
    if (job.status === 'ENCODING' && since === undefined) this.encodingSince.set(job.id, this.now())
    if (job.status !== 'ENCODING' && since !== undefined) {
      this.encodeSeconds += (this.now() - since) / 1000
      this.encodingSince.delete(job.id)
    }
    if (event.type === 'job-failed') this.failures++
    if (event.type === 'job-completed' && job.outputs?.published) this.publishedBytes += job.outputs.published.bytes
  }

  /** Prometheus text exposition format 0.0.4. */
  render(jobs: Job[], extra: { websocketClients: number }): string {
    const counts = new Map<string, number>(JOB_STATUSES.map((s) => [s, 0]))
    for (const job of jobs) counts.set(job.status, (counts.get(job.status) ?? 0) + 1)
    const running = [...this.encodingSince.values()].reduce((sum, since) => sum + (this.now() - since) / 1000, 0)
    const lines = [
      ...metric('hls_studio_jobs', 'gauge', 'Jobs in the queue by status.', [...counts].map(([status, n]) => [`{status="${status}"}`, n])),
      ...metric('hls_studio_encode_seconds_total', 'counter', 'Seconds jobs spent encoding since this server started.', [['', Number((this.encodeSeconds + running).toFixed(3))]]),
      ...metric('hls_studio_upload_bytes_total', 'counter', 'Bytes of source files received from browsers.', [['', this.browserUploadBytes]]),
      ...metric('hls_studio_published_bytes_total', 'counter', 'Bytes of packages published to storage targets.', [['', this.publishedBytes]]),
      ...metric('hls_studio_job_failures_total', 'counter', 'Jobs that ended FAILED since this server started.', [['', this.failures]]),
      ...metric('hls_studio_websocket_clients', 'gauge', 'Browsers connected right now.', [['', extra.websocketClients]]),
      ...metric('process_resident_memory_bytes', 'gauge', 'Resident memory of the serve process.', [['', process.memoryUsage.rss()]])
    ]
    return `${lines.join('\n')}\n`
  }
}

/** One metric family: HELP, TYPE and its samples (`labels` is `{k="v"}` or empty). */
export function metric(name: string, type: 'gauge' | 'counter', help: string, samples: Array<[labels: string, value: number]>): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels} ${value}`)]
}
