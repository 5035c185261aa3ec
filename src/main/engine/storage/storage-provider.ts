import type { Readable } from 'node:stream'
import type { PackageManifest } from '@shared/job'
import type { ConnectionTestResult, CorsReport, StorageTarget } from '@shared/targets'
import type { Publisher, PublishRequest } from './publisher'
import type { ShareLink } from './share-link'
import type { VerifiedUpload } from './verify-upload'

/** An object as a player reads it: headers to pass on and, unless only asked for its head, the bytes. */
export interface RemoteObject {
  contentLength?: number
  contentRange?: string
  body?: Readable
}

/**
 * Everything the studio does with a bucket, by target name. Handlers, the command line, the
 * library and the playback proxy use only this, so a service that does not speak S3 is one
 * more implementation registered in storage-providers.ts, not a change in each of them.
 *
 * Every method throws a StudioError in plain words: NOT_FOUND for a target or object that is
 * not there, a STORAGE_* code naming the target and what was being done otherwise.
 */
export interface StorageProvider extends Publisher {
  /** The target as saved (no secret), or NOT_FOUND. */
  target(targetName: string): Promise<StorageTarget>
  checkTarget(targetName: string): Promise<void>
  /** Where a package lands on this target (its key prefix template filled in). */
  keyPrefixFor(targetName: string, manifest: Pick<PackageManifest, 'slug' | 'jobId' | 'title' | 'createdAt'>): Promise<string>
  /** Checks a package published before is all there, object by object, with its size. */
  verify(request: Pick<PublishRequest, 'targetName' | 'packageDir' | 'manifest' | 'signal'>): Promise<VerifiedUpload>
  /** Endpoint, keys, bucket, write, delete, and the CORS report (fixed first with `applyCors`). */
  testConnection(targetName: string, options?: { origins?: string[]; applyCors?: boolean }): Promise<ConnectionTestResult>
  corsReport(targetName: string, origins: string[]): Promise<CorsReport>
  /** Adds the studio's playback rule for these origins, then reports. */
  fixCors(targetName: string, origins: string[]): Promise<CorsReport>
  /** Removes every object under the prefix; returns how many went. */
  deleteRemote(targetName: string, keyPrefix: string): Promise<number>
  /** A link anyone can play until it expires (private buckets). */
  share(targetName: string, keyPrefix: string, expiresInSeconds: number): Promise<ShareLink>
  /** A URL that reads one object without credentials until it expires. */
  presignGet(targetName: string, key: string, expiresInSeconds: number): Promise<string>
  readText(targetName: string, key: string, signal?: AbortSignal): Promise<string>
  openObject(targetName: string, key: string, options?: { range?: string; headOnly?: boolean }): Promise<RemoteObject>
  /** Lets go of kept connections. */
  close(): void
}
