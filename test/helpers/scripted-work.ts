import { writeFileSync } from 'node:fs'
/**
 * Scheduler tests need to decide exactly when each download, encode and upload ends, to
 * check order, concurrency and pausing without timing anything. ScriptedWork is that: each
 * call waits until the test finishes or fails it. It stops on abort with the same error the
 * real work gives. The real pipeline is covered by the integration tests.
 */
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { StudioEvent } from '@shared/events'
import type { Job, PublishedLocation } from '@shared/job'
import type { Lane } from '../../src/main/engine/queue/queue-order'
import type { EncodedPackage, JobWork, StageContext } from '../../src/main/engine/queue/job-work'
import type { Studio } from '../../src/main/engine/studio'

interface Waiting {
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
  context: StageContext
}

export class ScriptedWork implements JobWork {
  /** Every call, in the order they started: `encode:job-…`. */
  readonly calls: string[] = []
  readonly discarded: string[] = []
  private readonly waiting = new Map<string, Waiting>()
  private readonly intact = new Set<string>()
  private readonly startWaiters = new Map<string, () => void>()

  /** Resolves once `lane` work for the job has started (at once if it is running now). */
  whenRunning(lane: Lane, jobId: string): Promise<void> {
    const key = `${lane}:${jobId}`
    if (this.waiting.has(key)) return Promise.resolve()
    return new Promise((resolve) => this.startWaiters.set(key, resolve))
  }

  /** Calls still waiting for the test, e.g. ['encode:job-a']. */
  running(lane?: Lane): string[] {
    return [...this.waiting.keys()].filter((k) => !lane || k.startsWith(`${lane}:`))
  }

  private wait<T>(lane: Lane, job: Job, context: StageContext): Promise<T> {
    const key = `${lane}:${job.id}`
    this.calls.push(key)
    return new Promise<T>((resolve, reject) => {
      if (context.signal.aborted) return reject(new StudioError('CANCELLED', 'Cancelled.'))
      this.waiting.set(key, { resolve: resolve as (v: unknown) => void, reject, context })
      this.startWaiters.get(key)?.()
      this.startWaiters.delete(key)
      context.signal.addEventListener('abort', () => {
        this.waiting.delete(key)
        reject(new StudioError('CANCELLED', 'Cancelled.'))
      })
    })
  }

  private settle(lane: Lane, jobId: string): Waiting {
    const key = `${lane}:${jobId}`
    const waiting = this.waiting.get(key)
    if (!waiting) throw new Error(`${key} is not running (running: ${this.running().join(', ') || 'nothing'})`)
    this.waiting.delete(key)
    return waiting
  }

  progress(lane: Lane, jobId: string, fraction: number): void {
    this.waiting.get(`${lane}:${jobId}`)?.context.progress(fraction)
  }

  finish(lane: Lane, jobId: string): void {
    const waiting = this.settle(lane, jobId)
    if (lane === 'download') return waiting.resolve(`/work/${jobId}/source.mp4`)
    if (lane === 'upload') {
      const location: PublishedLocation = { target: 'lab', keyPrefix: jobId, masterPlaylistUrl: `https://cdn.example/${jobId}/master.m3u8`, uploadedAt: new Date(0).toISOString(), objectCount: 3, bytes: 100 }
      return waiting.resolve(location)
    }
    this.intact.add(jobId)
    const dir = join('/out', jobId)
    const encoded: EncodedPackage = {
      outputs: { dir, masterPlaylist: join(dir, 'master.m3u8'), manifest: join(dir, 'job.json'), totalBytes: 100, variants: [] },
      probe: undefined as never,
      plan: undefined as never,
      warnings: []
    }
    waiting.resolve(encoded)
  }

  fail(lane: Lane, jobId: string, code: StudioError['code'], message = `${lane} failed`): void {
    this.settle(lane, jobId).reject(new StudioError(code, message))
  }

  download(job: Job, context: StageContext): Promise<string> {
    return this.wait('download', job, context)
  }

  encode(job: Job, context: StageContext): Promise<EncodedPackage> {
    context.enterEncoding()
    return this.wait('encode', job, context)
  }

  upload(job: Job, context: StageContext): Promise<PublishedLocation> {
    return this.wait('upload', job, context)
  }

  async outputIntact(job: Job): Promise<boolean> {
    return this.intact.has(job.id)
  }

  async discardOutput(job: Job): Promise<void> {
    this.intact.delete(job.id)
    this.discarded.push(`output:${job.id}`)
  }

  async discardDownload(job: Job): Promise<void> {
    if (job.source.kind === 'url') this.discarded.push(`download:${job.id}`)
  }
}

/** Resolves with the first event `match` accepts: waiting for what the studio says, never for time. */
export function nextEvent(studio: Pick<Studio, 'subscribe'>, match: (event: StudioEvent) => boolean): Promise<StudioEvent> {
  return new Promise((resolve) => {
    const stop = studio.subscribe((event) => {
      if (!match(event)) return
      stop()
      resolve(event)
    })
  })
}

/** Resolves once `job` reaches `status` (as an event says). */
export function reaches(studio: Pick<Studio, 'subscribe'>, jobId: string, status: Job['status']): Promise<StudioEvent> {
  return nextEvent(studio, (e) => 'job' in e && e.job.id === jobId && e.job.status === status)
}

/**
 * A source file for scripted work, which never reads it: just the start of an MP4 (an `ftyp`
 * box), so the queue's check that a named file is media lets it in as it would a real clip.
 */
export function placeholderMedia(path: string): string {
  writeFileSync(path, Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'))
  return path
}
