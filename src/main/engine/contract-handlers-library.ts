import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { Job } from '@shared/job'
import { removeJobOutput } from './pipeline/encode-job'
import { deleteRemotePackage } from './library/remote-delete'
import { toStorageError } from './storage/storage-errors'
import type { StudioHandlerDeps } from './contract-handlers'

type LibraryCommands = 'library.list' | 'library.delete' | 'playback.source' | 'share.create'

/** The Library and the player: finished packages, where to play them from, share links. */
export function libraryHandlers(deps: StudioHandlerDeps): Pick<StudioHandlers, LibraryCommands> {
  const { studio, library, playback, storage } = deps
  const findJob = (id: string): Job | undefined => studio.listJobs().find((j) => j.id === id)
  return {
    'library.list': () => library.list(),
    'library.delete': async ({ id, local, remote }) => {
      if (!local && !remote) throw new StudioError('INVALID_INPUT', 'Say what to delete: the local package, the published one, or both.')
      const job = findJob(id)
      const published = job?.outputs?.published
      const localDir = await library.packageDirOf(id)
      if (remote) {
        if (!published) throw new StudioError('NOT_FOUND', 'This package was never published, so there is nothing to delete in a bucket.')
        const { client, target } = await storage.clients.get(published.target)
        await deleteRemotePackage(client, target.bucket, published.keyPrefix).catch((error: unknown) => {
          throw toStorageError(error, { target, action: `deleting ${published.keyPrefix}/` })
        })
      }
      if (local) {
        if (!localDir) throw new StudioError('FILE_NOT_FOUND', 'This package is not on this machine.')
        await removeJobOutput(localDir)
      }
      // The job record stays only while it still describes something that exists: a
      // publication that was kept. A local package kept on disk shows up from its job.json.
      if (job && (remote || !published)) await studio.removeJob(id)
      return { deleted: id }
    },
    'playback.source': ({ id, from }) => (from === 'local' ? playback.local(id) : playback.remote(id)),
    'share.create': ({ id, expiresInSeconds }) => playback.share(id, expiresInSeconds)
  }
}
