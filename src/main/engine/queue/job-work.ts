import type { OnLog } from '@shared/log-levels'
import type { Job, JobOutputs, JobProgress, PublishedLocation } from '@shared/job'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'

/** What a stage tells the scheduler while it works. */
export interface StageContext {
  signal: AbortSignal
  /** `fraction` of this stage done (0–1), with the details to show. */
  progress(fraction: number, details?: Omit<Partial<JobProgress>, 'percent' | 'stage'>): void
  log: OnLog
  /** The encode stage moves from probing to encoding. */
  enterEncoding(): void
}

export interface EncodedPackage {
  outputs: JobOutputs
  probe: MediaInfo
  plan: EncodePlan
  warnings: string[]
}

/**
 * The real work behind each lane, one job at a time. The scheduler decides when; this does
 * it. Every method throws a StudioError in plain words, and stops when the signal aborts.
 */
export interface JobWork {
  /** Fetches a URL source into the work folder; returns the local file. */
  download(job: Job, context: StageContext): Promise<string>
  /** Probes, plans and encodes into `<outputDir>/<slug>/<id>`; leaves nothing behind on failure. */
  encode(job: Job, context: StageContext): Promise<EncodedPackage>
  /** Publishes the finished local package to the job's target. */
  upload(job: Job, context: StageContext): Promise<PublishedLocation>
  /** Throws in plain words when jobs cannot be published to this target, before any work starts. */
  checkTarget?(targetName: string): Promise<void>
  /** True when the job's local package is complete on disk (master playlist and job.json). */
  outputIntact(job: Job): Promise<boolean>
  /**
   * Removes the job's package, finished or half-written. Never the source. `keepCheckpoints`
   * keeps the finished chunks of a long video, so its next encode goes on from them.
   */
  discardOutput(job: Job, options?: { keepCheckpoints?: boolean }): Promise<void>
  /** Removes what the job downloaded, whole or in part. */
  discardDownload(job: Job): Promise<void>
}
