import { StudioError } from '@shared/errors'
import type { ShareLink } from '../storage/share-link'
import type { StorageProvider } from '../storage/storage-provider'
import type { LocatedPackage } from './locate-package'
import { joinKey } from '../storage/key-prefix'
import { downloadPathFor } from '../media/mp4-download-args'

export interface SharePackageRequest {
  located: LocatedPackage
  /** Default: where the queue (or a publish by hand) put it, then the job's own target. */
  targetName?: string
  expiresInSeconds: number
  /** How the person named the package, for messages. */
  ref: string
  /** A presigned link to the MP4 download instead of the HLS (`share --mp4`). */
  mp4?: boolean
}

/** Where the package's MP4 download sits inside it, from job.json or, its package gone, the job's record. */
function downloadPathOf(located: LocatedPackage, ref: string): string {
  const path = located.local?.manifest.download?.path ?? (located.queued?.outputs?.download ? downloadPathFor(located.queued.slug) : undefined)
  if (!path) throw new StudioError('INVALID_INPUT', `${ref} has no MP4 download. Encode it with --mp4 (or tick "MP4 download") to make one.`)
  return path
}

/** A presigned URL of the published MP4: its Content-Disposition (set at upload) makes browsers save it under the title. */
export async function shareDownload(storage: Pick<StorageProvider, 'presignGet' | 'openObject'>, targetName: string, key: string, expiresInSeconds: number, ref: string): Promise<ShareLink> {
  await storage.openObject(targetName, key, { headOnly: true }).catch((error: unknown) => {
    if (error instanceof StudioError && error.code === 'NOT_FOUND') {
      throw new StudioError('NOT_FOUND', `The MP4 of ${ref} is not in "${targetName}". Publish it first: hls-studio publish ${ref} --upload ${targetName}`)
    }
    throw error
  })
  const url = await storage.presignGet(targetName, key, expiresInSeconds)
  return { url, expiresAt: new Date(Date.now() + expiresInSeconds * 1000).toISOString(), keyPrefix: key, playlists: 0 }
}

/**
 * A link anyone can play until it expires, for a package published before. Its keys come
 * from the job's publication record or, failing that, the target's key prefix applied to
 * the local job.json (the same keys a publish would use).
 */
export async function sharePackage(storage: Pick<StorageProvider, 'share' | 'keyPrefixFor' | 'presignGet' | 'openObject'>, request: SharePackageRequest): Promise<ShareLink & { target: string }> {
  const { queued, local } = request.located
  const published = queued?.outputs?.published
  const targetName = request.targetName ?? published?.target ?? queued?.target
  if (!targetName) throw new StudioError('INVALID_INPUT', `Say which target ${request.ref} was published to: --target <name>.`)
  const keyPrefix = published && published.target === targetName ? published.keyPrefix : local ? await storage.keyPrefixFor(targetName, local.manifest) : undefined
  if (!keyPrefix) throw new StudioError('NOT_FOUND', `Job ${request.ref} was not published to "${targetName}" by the queue and its package is gone, so its keys are unknown.`)
  if (request.mp4) {
    const key = joinKey(keyPrefix, downloadPathOf(request.located, request.ref))
    return { ...(await shareDownload(storage, targetName, key, request.expiresInSeconds, request.ref)), target: targetName }
  }
  const link = await storage.share(targetName, keyPrefix, request.expiresInSeconds).catch((error: unknown) => {
    if (error instanceof StudioError && error.code === 'NOT_FOUND') {
      throw new StudioError('NOT_FOUND', `${error.message} Publish it first: hls-studio publish ${request.ref} --upload ${targetName}`)
    }
    throw error
  })
  return { ...link, target: targetName }
}
