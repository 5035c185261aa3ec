import type { OnLog } from '@shared/log-levels'
import type { Job, PackageManifest, PublishedLocation } from '@shared/job'
import type { EarlyUpload } from './early-upload'

export interface PublishProgress {
  transferredBytes: number
  totalBytes: number
  completedSegments: number
  totalSegments: number
}

/** What publishing needs of a job: a queued Job, or one rebuilt from a package's job.json. */
export type PublishableJob = Pick<Job, 'id' | 'slug' | 'title' | 'createdAt' | 'source'>

export interface PublishRequest {
  job: PublishableJob
  /** Local package folder `<out>/<slug>/<jobId>` holding master.m3u8 and job.json. */
  packageDir: string
  manifest: PackageManifest
  targetName: string
  signal?: AbortSignal
  onProgress?: (progress: PublishProgress) => void
  onLog?: OnLog
}

/**
 * What the queue needs from storage for the UPLOADING stage: upload a finished local
 * package to a named target, verify it, and say where it landed. Throws a StudioError
 * with a STORAGE_* or VERIFY_FAILED code on failure.
 */
export interface Publisher {
  publish(request: PublishRequest): Promise<PublishedLocation>
  /**
   * Throws the plain-words error publish() would give for a target that does not exist or
   * has no credentials, so a job is refused when it is added rather than after its encode.
   */
  checkTarget?(targetName: string): Promise<void>
  /**
   * Starts sending a job's final segments while it still encodes, on the keys publish() will
   * use for a package made at `createdAt`; publish() then skips what is already there.
   */
  startEarlyUpload?(request: EarlyUploadRequest): Promise<EarlyUpload>
}

export interface EarlyUploadRequest {
  job: PublishableJob
  targetName: string
  /** The package's creation time (job.json's createdAt): `{date}` in the key prefix comes from it. */
  createdAt: string
  /** The folder the files are in while the job encodes. */
  folder: string
  signal?: AbortSignal
  onLog?: OnLog
  /** Each file the bucket has acknowledged, by its package-relative path: the job's "uploaded x/y segments". */
  onUploaded?: (path: string) => void
}
