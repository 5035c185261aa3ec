import { StudioError } from '@shared/errors'
import type { z } from 'zod'
import type { PackageManifest, PublishedLocation } from '@shared/job'
import { PROVIDER_PRESETS, storageTargetSchema, type ConnectionTestResult, type CorsReport, type StorageProviderKind, type StorageTarget } from '@shared/targets'
import type { EarlyUpload } from './early-upload'
import type { EarlyUploadRequest, PublishRequest } from './publisher'
import type { RetryPolicy } from '../retry'
import { S3StorageProvider } from './s3-storage-provider'
import type { ShareLink } from './share-link'
import type { RemoteObject, StorageProvider } from './storage-provider'
import type { ResolvedTarget } from './target-registry'
import type { VerifiedUpload } from './verify-upload'

export interface ProviderDeps {
  targets: { resolve(name: string): Promise<ResolvedTarget> }
  retry?: RetryPolicy
}

/** One kind of storage: what its saved target looks like and how to talk to it. */
export interface StorageProviderKindEntry {
  label: string
  /** The saved target of this kind (the secret lives apart, in a SecretStore). */
  configSchema: z.ZodType<StorageTarget>
  create(deps: ProviderDeps): StorageProvider
}

/** Every kind, exhaustively: a kind added to STORAGE_PROVIDER_KINDS and not here stops compiling. */
export const STORAGE_PROVIDER_KIND_ENTRIES: Record<StorageProviderKind, StorageProviderKindEntry> = {
  's3-compatible': { label: 'S3-compatible', configSchema: storageTargetSchema, create: (deps) => new S3StorageProvider(deps) }
}

/**
 * The StorageProvider the studio holds: it finds each target's kind from its provider preset
 * and hands the call to that kind's implementation, made once on first use.
 */
export class StorageProviders implements StorageProvider {
  private readonly made = new Map<StorageProviderKind, StorageProvider>()

  constructor(private readonly deps: ProviderDeps) {}

  private async on(targetName: string): Promise<StorageProvider> {
    const { target } = await this.deps.targets.resolve(targetName)
    const kind = PROVIDER_PRESETS[target.provider].kind
    let provider = this.made.get(kind)
    if (!provider) {
      provider = STORAGE_PROVIDER_KIND_ENTRIES[kind].create(this.deps)
      this.made.set(kind, provider)
    }
    return provider
  }

  async target(name: string): Promise<StorageTarget> {
    return (await this.deps.targets.resolve(name)).target
  }
  async checkTarget(name: string): Promise<void> {
    await this.deps.targets.resolve(name)
  }
  async publish(request: PublishRequest): Promise<PublishedLocation> {
    return (await this.on(request.targetName)).publish(request)
  }

  /** Only where the target's kind of storage can (see Publisher.startEarlyUpload). */
  async startEarlyUpload(request: EarlyUploadRequest): Promise<EarlyUpload> {
    const provider = await this.on(request.targetName)
    if (!provider.startEarlyUpload) throw new StudioError('INVALID_INPUT', `Target "${request.targetName}" takes a package only once it is finished.`)
    return provider.startEarlyUpload(request)
  }
  async keyPrefixFor(name: string, manifest: Pick<PackageManifest, 'slug' | 'jobId' | 'title' | 'createdAt'>): Promise<string> {
    return (await this.on(name)).keyPrefixFor(name, manifest)
  }
  async verify(request: Pick<PublishRequest, 'targetName' | 'packageDir' | 'manifest' | 'signal'>): Promise<VerifiedUpload> {
    return (await this.on(request.targetName)).verify(request)
  }
  async testConnection(name: string, options?: { origins?: string[]; applyCors?: boolean }): Promise<ConnectionTestResult> {
    return (await this.on(name)).testConnection(name, options)
  }
  async corsReport(name: string, origins: string[]): Promise<CorsReport> {
    return (await this.on(name)).corsReport(name, origins)
  }
  async fixCors(name: string, origins: string[]): Promise<CorsReport> {
    return (await this.on(name)).fixCors(name, origins)
  }
  async deleteRemote(name: string, keyPrefix: string): Promise<number> {
    return (await this.on(name)).deleteRemote(name, keyPrefix)
  }
  async share(name: string, keyPrefix: string, expiresInSeconds: number): Promise<ShareLink> {
    return (await this.on(name)).share(name, keyPrefix, expiresInSeconds)
  }
  async presignGet(name: string, key: string, expiresInSeconds: number): Promise<string> {
    return (await this.on(name)).presignGet(name, key, expiresInSeconds)
  }
  async readText(name: string, key: string, signal?: AbortSignal): Promise<string> {
    return (await this.on(name)).readText(name, key, signal)
  }
  async openObject(name: string, key: string, options?: { range?: string; headOnly?: boolean }): Promise<RemoteObject> {
    return (await this.on(name)).openObject(name, key, options)
  }
  close(): void {
    for (const provider of this.made.values()) provider.close()
    this.made.clear()
  }
}
