import type { Readable } from 'node:stream'
import { StudioError } from '@shared/errors'
import type { PackageManifest, PublishedLocation } from '@shared/job'
import type { ConnectionTestResult, CorsReport, StorageTarget } from '@shared/targets'
import { presignGet, readObjectText } from './bucket-objects'
import { testConnection } from './connection-test'
import { ANY_ORIGIN, applyPlaybackCors, readCorsRules, reportCors } from './cors'
import type { EarlyUpload } from './early-upload'
import type { EarlyUploadRequest, PublishRequest } from './publisher'
import { deleteRemotePackage } from './remote-delete'
import type { RetryPolicy } from '../retry'
import { createS3Client } from './s3-client'
import { keyPrefixFor, S3Publisher } from './s3-publisher'
import type { ShareLink } from './share-link'
import { errorFacts, toStorageError } from './storage-errors'
import type { RemoteObject, StorageProvider } from './storage-provider'
import { TargetClients } from './target-clients'
import type { ResolvedTarget } from './target-registry'
import { planUpload } from './upload-plan'
import { verifyUpload, type VerifiedUpload } from './verify-upload'
import { s3 } from './aws-sdk'

const { GetObjectCommand, HeadObjectCommand } = s3

export interface S3StorageProviderOptions {
  /** Looks a target and its credentials up by name (a TargetRegistry). */
  targets: { resolve(name: string): Promise<ResolvedTarget> }
  retry?: RetryPolicy
}

/**
 * Every S3-compatible service (AWS S3, R2, MinIO, Garage, B2, Wasabi, …): one implementation,
 * the differences held in PROVIDER_PRESETS. Publishing makes its own client sized for the
 * upload; everything else shares one kept client per target.
 */
export class S3StorageProvider implements StorageProvider {
  private readonly clients: TargetClients
  private readonly publisher: S3Publisher

  constructor(private readonly options: S3StorageProviderOptions) {
    this.clients = new TargetClients(options.targets)
    this.publisher = new S3Publisher({ targets: options.targets, retry: options.retry })
  }

  async target(targetName: string): Promise<StorageTarget> {
    return (await this.options.targets.resolve(targetName)).target
  }

  async checkTarget(targetName: string): Promise<void> {
    await this.options.targets.resolve(targetName)
  }

  publish(request: PublishRequest): Promise<PublishedLocation> {
    return this.publisher.publish(request)
  }

  startEarlyUpload(request: EarlyUploadRequest): Promise<EarlyUpload> {
    return this.publisher.startEarlyUpload(request)
  }

  async keyPrefixFor(targetName: string, manifest: Pick<PackageManifest, 'slug' | 'jobId' | 'title' | 'createdAt'>): Promise<string> {
    return keyPrefixFor(await this.target(targetName), manifest)
  }

  async verify(request: Pick<PublishRequest, 'targetName' | 'packageDir' | 'manifest' | 'signal'>): Promise<VerifiedUpload> {
    const { client, target } = await this.clients.get(request.targetName)
    const keyPrefix = keyPrefixFor(target, request.manifest)
    const plan = await planUpload({ manifest: request.manifest, packageDir: request.packageDir, keyPrefix, visibility: target.visibility })
    return verifyUpload({ client, bucket: target.bucket, plan, retry: this.options.retry, signal: request.signal }).catch((error: unknown) => {
      throw toStorageError(error, { target, action: `listing ${keyPrefix}/ to verify the package` })
    })
  }

  async testConnection(targetName: string, options: { origins?: string[]; applyCors?: boolean } = {}): Promise<ConnectionTestResult> {
    const { target, secret } = await this.options.targets.resolve(targetName)
    // Its own client with few retries: a wrong endpoint should fail in seconds, not after backoff.
    const client = createS3Client(target, secret, { maxAttempts: 2 })
    try {
      return await testConnection({ client, target, origins: options.origins, applyCors: options.applyCors })
    } finally {
      client.destroy()
    }
  }

  async corsReport(targetName: string, origins: string[]): Promise<CorsReport> {
    const { client, target } = await this.clients.get(targetName)
    const wanted = origins.length ? origins : [ANY_ORIGIN]
    return reportCors(await readCorsRules(client, target.bucket), wanted)
  }

  async fixCors(targetName: string, origins: string[]): Promise<CorsReport> {
    const { client, target } = await this.clients.get(targetName)
    const wanted = origins.length ? origins : [ANY_ORIGIN]
    try {
      await applyPlaybackCors(client, target.bucket, wanted)
      return reportCors(await readCorsRules(client, target.bucket), wanted)
    } catch (error) {
      throw toStorageError(error, { target, action: 'setting the bucket’s CORS rules' })
    }
  }

  async deleteRemote(targetName: string, keyPrefix: string): Promise<number> {
    const { client, target } = await this.clients.get(targetName)
    return deleteRemotePackage(client, target.bucket, keyPrefix).catch((error: unknown) => {
      throw toStorageError(error, { target, action: `deleting ${keyPrefix}/` })
    })
  }

  async share(targetName: string, keyPrefix: string, expiresInSeconds: number): Promise<ShareLink> {
    const { client, target } = await this.clients.get(targetName)
    // On use: it rewrites playlists with hls-parser, which a publish never loads otherwise.
    const { createShareLink } = await import('./share-link')
    return createShareLink({ client, target, keyPrefix, expiresInSeconds }).catch((error: unknown) => {
      if (errorFacts(error).name === 'NoSuchKey') throw new StudioError('NOT_FOUND', `Nothing is published under ${keyPrefix}/ on "${targetName}".`)
      throw toStorageError(error, { target, action: `writing a share link under ${keyPrefix}/` })
    })
  }

  async presignGet(targetName: string, key: string, expiresInSeconds: number): Promise<string> {
    const { client, target } = await this.clients.get(targetName)
    return presignGet(client, target.bucket, key, expiresInSeconds)
  }

  async readText(targetName: string, key: string, signal?: AbortSignal): Promise<string> {
    const { client, target } = await this.clients.get(targetName)
    return readObjectText(client, target.bucket, key, signal).catch((error: unknown) => {
      throw this.objectError(error, target, key)
    })
  }

  async openObject(targetName: string, key: string, options: { range?: string; headOnly?: boolean } = {}): Promise<RemoteObject> {
    const { client, target } = await this.clients.get(targetName)
    const request = { Bucket: target.bucket, Key: key, Range: options.range }
    try {
      if (options.headOnly) {
        const head = await client.send(new HeadObjectCommand(request))
        return { contentLength: head.ContentLength, contentRange: head.ContentRange }
      }
      const answer = await client.send(new GetObjectCommand(request))
      return { contentLength: answer.ContentLength, contentRange: answer.ContentRange, body: answer.Body as Readable | undefined }
    } catch (error) {
      throw this.objectError(error, target, key)
    }
  }

  private objectError(error: unknown, target: StorageTarget, key: string): StudioError {
    const facts = errorFacts(error)
    if (facts.name === 'NoSuchKey' || facts.name === 'NotFound' || facts.status === 404) return new StudioError('NOT_FOUND', `Not in the bucket: ${key}`)
    return toStorageError(error, { target, action: `reading ${key}` })
  }

  close(): void {
    this.clients.close()
  }
}
