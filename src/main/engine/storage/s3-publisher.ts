import { relative, resolve, isAbsolute } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import type { PackageManifest, PublishedLocation } from '@shared/job'
import type { StorageTarget } from '@shared/targets'
import { MASTER_PLAYLIST } from '../hls/package-files'
import { removeJobOutput } from '../pipeline/package-dirs'
import { joinKey, keyPrefixValues, renderKeyPrefix } from './key-prefix'
import { publishedObjectUrl, publishedUrls } from './object-urls'
import { PART_CONCURRENCY, uploadPackage } from './package-upload'
import { S3EarlyUpload, type EarlyUpload } from './early-upload'
import type { EarlyUploadRequest, Publisher, PublishRequest } from './publisher'
import { abortError, type RetryPolicy } from '../retry'
import { createS3Client } from './s3-client'
import type { TargetSecret } from './secret-store'
import { toStorageError } from './storage-errors'
import type { ResolvedTarget } from './target-registry'
import { planUpload } from './upload-plan'
import { verifyUpload } from './verify-upload'

export interface S3PublisherOptions {
  /** Looks a target and its credentials up by name (a TargetRegistry). */
  targets: { resolve(name: string): Promise<ResolvedTarget> }
  /** Builds the client; tests and the benchmark may tune it. */
  createClient?: (target: StorageTarget, secret: TargetSecret) => S3Client
  retry?: RetryPolicy
  now?: () => Date
}

/**
 * The key prefix a package lands under on a target. Its tokens come from the package's
 * job.json, so a job published by the queue, by `publish <folder>` or again after a
 * retry always lands on the same keys.
 */
export function keyPrefixFor(target: StorageTarget, manifest: Pick<PackageManifest, 'slug' | 'jobId' | 'title' | 'createdAt'>): string {
  return renderKeyPrefix(target.keyPrefixTemplate, keyPrefixValues({ slug: manifest.slug, id: manifest.jobId, title: manifest.title, createdAt: manifest.createdAt }))
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path))
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * The UPLOADING stage: uploads a finished package to a named target, verifies it by listing,
 * and says where it landed. Idempotent: a rerun skips what is already in the bucket.
 */
export class S3Publisher implements Publisher {
  constructor(private readonly options: S3PublisherOptions) {}

  async checkTarget(targetName: string): Promise<void> {
    await this.options.targets.resolve(targetName)
  }

  async startEarlyUpload(request: EarlyUploadRequest): Promise<EarlyUpload> {
    const { target, secret } = await this.options.targets.resolve(request.targetName)
    const { job } = request
    const keyPrefix = keyPrefixFor(target, { slug: job.slug, jobId: job.id, title: job.title, createdAt: request.createdAt })
    const client = this.options.createClient?.(target, secret) ?? createS3Client(target, secret, { maxSockets: target.parallelism })
    return new S3EarlyUpload({
      client,
      bucket: target.bucket,
      keyPrefix,
      visibility: target.visibility,
      folder: request.folder,
      parallelism: target.parallelism,
      retry: this.options.retry,
      signal: request.signal,
      onLog: request.onLog,
      onUploaded: request.onUploaded,
      onSettled: () => client.destroy()
    })
  }

  async publish(request: PublishRequest): Promise<PublishedLocation> {
    if (request.signal?.aborted) throw abortError()
    const { target, secret } = await this.options.targets.resolve(request.targetName)
    const log = request.onLog ?? (() => undefined)
    const keyPrefix = keyPrefixFor(target, request.manifest)
    const plan = await planUpload({ manifest: request.manifest, packageDir: request.packageDir, keyPrefix, visibility: target.visibility })
    const client = this.options.createClient?.(target, secret) ?? createS3Client(target, secret, { maxSockets: target.parallelism * PART_CONCURRENCY })
    try {
      log(`Publishing ${plan.objects.length} files (${plan.totalBytes} bytes) to ${target.bucket}/${keyPrefix}/ on target "${target.name}".`, 'info')
      const sent = await uploadPackage({
        client,
        bucket: target.bucket,
        plan,
        target,
        parallelism: target.parallelism,
        retry: this.options.retry,
        signal: request.signal,
        onProgress: request.onProgress,
        onLog: log
      })
      log(`Uploaded ${sent.uploaded} files, skipped ${sent.skipped} already there; verifying.`, 'info')
      const verified = await verifyUpload({ client, bucket: target.bucket, plan, retry: this.options.retry, signal: request.signal }).catch((error: unknown) => {
        throw toStorageError(error, { target, action: `listing ${keyPrefix}/ to verify the upload` })
      })
      log(`Verified ${verified.objectCount} objects in ${target.bucket}/${keyPrefix}/.`, 'info')
      if (target.deleteLocalAfterUpload) await this.removeLocalPackage(request, log)
      return {
        target: target.name,
        keyPrefix,
        ...publishedUrls(target, joinKey(keyPrefix, MASTER_PLAYLIST)),
        downloadUrl: request.manifest.download ? publishedObjectUrl(target, joinKey(keyPrefix, request.manifest.download.path)) : undefined,
        uploadedAt: (this.options.now?.() ?? new Date()).toISOString(),
        objectCount: verified.objectCount,
        bytes: verified.bytes
      }
    } finally {
      client.destroy()
    }
  }

  /** Only the package folder goes; the source never does, even if it somehow sits inside. */
  private async removeLocalPackage(request: PublishRequest, log: NonNullable<PublishRequest['onLog']>): Promise<void> {
    const source = request.job.source
    if (source.kind === 'file' && isInside(request.packageDir, source.path)) {
      log(`Kept the local package: the source file ${source.path} is inside it.`, 'warn')
      return
    }
    await removeJobOutput(request.packageDir)
    log(`Removed the local package ${request.packageDir} (the target deletes local copies after upload).`, 'info')
  }
}
