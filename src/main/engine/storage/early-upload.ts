import type { OnLog } from '@shared/log-levels'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { TargetVisibility } from '@shared/targets'
import { classifyPackageFile } from '../hls/package-files'
import type { RetryPolicy } from '../retry'
import { cacheControlFor, contentTypeFor } from './content-headers'
import { joinKey } from './key-prefix'
import { uploadObjectOnce } from './object-upload'
import { partSizeFor } from './part-size'
import { retryStorage } from './retry'
import { describeFailure } from './storage-errors'
import type { PlannedObject } from './upload-plan'

/**
 * Segments that are final while the job still encodes (the chunks already done), sent to the
 * bucket on the keys the job's publish will use. Only media: playlists and the master wait for
 * the publish after the encode, so a visible master never points at a missing segment. A
 * failed segment is logged and left for the publish, which uploads whatever the bucket lacks;
 * it never stops the encode.
 */
export interface EarlyUpload {
  /** Package-relative paths of files that will not change again. */
  add(paths: readonly string[]): void
  /** Resolves once nothing is in flight (before the package folder moves); never rejects. */
  settle(): Promise<EarlyUploadResult>
}

export interface EarlyUploadResult {
  uploaded: number
  failed: number
}

export interface EarlyUploadOptions {
  client: S3Client
  bucket: string
  keyPrefix: string
  visibility: TargetVisibility
  /** Where the files are now: the job's partial folder. */
  folder: string
  parallelism: number
  retry?: RetryPolicy
  signal?: AbortSignal
  onLog?: OnLog
  /** Each file the bucket has acknowledged. */
  onUploaded?: (path: string) => void
  /** Called once the last upload has settled, e.g. to close the client. */
  onSettled?: () => void
}

export class S3EarlyUpload implements EarlyUpload {
  private readonly queue: string[] = []
  private active = 0
  private readonly result: EarlyUploadResult = { uploaded: 0, failed: 0 }
  private idle: Array<() => void> = []

  constructor(private readonly options: EarlyUploadOptions) {}

  add(paths: readonly string[]): void {
    this.queue.push(...paths)
    this.pump()
  }

  settle(): Promise<EarlyUploadResult> {
    const done = new Promise<EarlyUploadResult>((resolve) => {
      if (this.active === 0 && this.queue.length === 0) resolve({ ...this.result })
      else this.idle.push(() => resolve({ ...this.result }))
    })
    return done.finally(() => this.options.onSettled?.())
  }

  private pump(): void {
    while (this.active < this.options.parallelism && this.queue.length > 0) {
      const path = this.queue.shift()!
      this.active++
      void this.send(path).finally(() => {
        this.active--
        this.pump()
        if (this.active === 0 && this.queue.length === 0) for (const wake of this.idle.splice(0)) wake()
      })
    }
  }

  private async send(path: string): Promise<void> {
    const { options } = this
    if (options.signal?.aborted) return
    try {
      const localPath = join(options.folder, ...path.split('/'))
      const bytes = (await stat(localPath)).size
      const kind = classifyPackageFile(path)
      const object: PlannedObject = {
        path,
        localPath,
        key: joinKey(options.keyPrefix, path),
        bytes,
        kind,
        contentType: contentTypeFor(path),
        cacheControl: cacheControlFor(kind, options.visibility)
      }
      await retryStorage(
        () => uploadObjectOnce({ client: options.client, bucket: options.bucket, object, partSize: partSizeFor(bytes), partConcurrency: 1, signal: options.signal }),
        { policy: options.retry, signal: options.signal }
      )
      this.result.uploaded++
      options.onUploaded?.(path)
    } catch (error) {
      this.result.failed++
      if (!options.signal?.aborted) {
        options.onLog?.(`Could not upload ${path} while encoding (${describeFailure(error)}); the publish after the encode sends it.`, 'warn')
      }
    }
  }
}
