import { StudioError } from '@shared/errors'
import type { ShareLink } from '../storage/share-link'
import type { StorageProvider } from '../storage/storage-provider'
import type { LocatedPackage } from './locate-package'

export interface SharePackageRequest {
  located: LocatedPackage
  /** Default: where the queue (or a publish by hand) put it, then the job's own target. */
  targetName?: string
  expiresInSeconds: number
  /** How the person named the package, for messages. */
  ref: string
}

/**
 * A link anyone can play until it expires, for a package published before. Its keys come
 * from the job's publication record or, failing that, the target's key prefix applied to
 * the local job.json (the same keys a publish would use).
 */
export async function sharePackage(storage: Pick<StorageProvider, 'share' | 'keyPrefixFor'>, request: SharePackageRequest): Promise<ShareLink & { target: string }> {
  const { queued, local } = request.located
  const published = queued?.outputs?.published
  const targetName = request.targetName ?? published?.target ?? queued?.target
  if (!targetName) throw new StudioError('INVALID_INPUT', `Say which target ${request.ref} was published to: --target <name>.`)
  const keyPrefix = published && published.target === targetName ? published.keyPrefix : local ? await storage.keyPrefixFor(targetName, local.manifest) : undefined
  if (!keyPrefix) throw new StudioError('NOT_FOUND', `Job ${request.ref} was not published to "${targetName}" by the queue and its package is gone, so its keys are unknown.`)
  const link = await storage.share(targetName, keyPrefix, request.expiresInSeconds).catch((error: unknown) => {
    if (error instanceof StudioError && error.code === 'NOT_FOUND') {
      throw new StudioError('NOT_FOUND', `${error.message} Publish it first: hls-studio publish ${request.ref} --upload ${targetName}`)
    }
    throw error
  })
  return { ...link, target: targetName }
}
