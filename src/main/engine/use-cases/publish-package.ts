import { StudioError } from '@shared/errors'
import { isFinal, type Job, type PublishedLocation } from '@shared/job'
import type { PublishProgress, PublishRequest } from '../storage/publisher'
import type { StorageProvider } from '../storage/storage-provider'
import type { LocatedPackage } from './locate-package'

export interface PublishPackageDeps {
  storage: Pick<StorageProvider, 'publish'>
  /**
   * Writes the publication on the job, as the queue's upload does (the Studio's
   * recordPublication, or a request to the process holding the data dir). Returns whether it did.
   */
  record: (jobId: string, published: PublishedLocation) => Promise<boolean>
}

export interface PublishPackageRequest {
  located: LocatedPackage
  targetName: string
  signal?: AbortSignal
  onProgress?: (progress: PublishProgress) => void
  onLog?: PublishRequest['onLog']
}

export interface PublishPackageResult {
  published: PublishedLocation
  /** The job the publication was recorded on; absent for a package folder no job of this data dir knows. */
  recordedOn?: Job['id']
}

/**
 * Publishes a finished local package by hand (`hls-studio publish`): the same provider
 * the queue's UPLOADING stage uses, then the result written on the job, so `jobs`, the
 * Library and the player see it as they see a queue upload.
 */
export async function publishPackage(deps: PublishPackageDeps, request: PublishPackageRequest): Promise<PublishPackageResult> {
  const { located, targetName } = request
  const { local, queued } = located
  if (!local) throw new StudioError('FILE_NOT_FOUND', `Job ${queued?.id ?? ''} has no local package any more; encode it again to publish it.`)
  // Refused before any byte goes up: the queue owns a job that is still moving.
  if (queued && !isFinal(queued.status)) {
    throw new StudioError('INVALID_TRANSITION', `Job ${queued.id} is ${queued.status}; wait for it to finish (or cancel it) before publishing it by hand.`)
  }
  const published = await deps.storage.publish({
    ...local,
    targetName,
    signal: request.signal,
    onProgress: request.onProgress,
    onLog: request.onLog
  })
  if (!queued?.outputs) return { published }
  return (await deps.record(queued.id, published)) ? { published, recordedOn: queued.id } : { published }
}
