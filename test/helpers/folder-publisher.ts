/**
 * A Publisher that "uploads" a package by copying it into a folder: it lets the queue's
 * UPLOADING lane be tested with real files while the S3 publisher is tested on its own
 * (storage tests). It can be told to fail the next few publishes, as a busy bucket would.
 */
import { cp, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError, type ErrorCode } from '@shared/errors'
import type { PublishedLocation } from '@shared/job'
import type { Publisher, PublishRequest } from '../../src/main/engine/storage/publisher'

export class FolderPublisher implements Publisher {
  readonly published: string[] = []
  private failures: ErrorCode[] = []

  constructor(private readonly bucketDir: string) {}

  failNext(...codes: ErrorCode[]): void {
    this.failures.push(...codes)
  }

  async publish(request: PublishRequest): Promise<PublishedLocation> {
    const failure = this.failures.shift()
    if (failure) throw new StudioError(failure, `The bucket answered 503 SlowDown (${request.targetName}).`)
    const files = request.manifest.files
    const total = files.reduce((sum, f) => sum + f.bytes, 0)
    const keyPrefix = `${request.job.slug}/${request.job.id}`
    let done = 0
    for (const [index, file] of files.entries()) {
      if (request.signal?.aborted) throw new StudioError('CANCELLED', 'Upload cancelled.')
      await cp(join(request.packageDir, file.path), join(this.bucketDir, keyPrefix, file.path))
      done += file.bytes
      request.onProgress?.({ transferredBytes: done, totalBytes: total, completedSegments: index + 1, totalSegments: files.length })
    }
    const copied = await readdir(join(this.bucketDir, keyPrefix), { recursive: true })
    const objectCount = (await Promise.all(copied.map((f) => stat(join(this.bucketDir, keyPrefix, f))))).filter((s) => s.isFile()).length
    this.published.push(request.job.id)
    return {
      target: request.targetName,
      keyPrefix,
      masterPlaylistUrl: `file://${join(this.bucketDir, keyPrefix, 'master.m3u8')}`,
      uploadedAt: new Date().toISOString(),
      objectCount,
      bytes: total
    }
  }
}
