import type { StudioHandlers } from '@shared/contract'
import { deletePackage } from './use-cases/delete-package'
import type { StudioHandlerDeps } from './contract-handlers'

type LibraryCommands = 'library.list' | 'library.delete' | 'playback.source' | 'share.create'

/** The Library and the player: finished packages, where to play them from, share links. */
export function libraryHandlers(deps: StudioHandlerDeps): Pick<StudioHandlers, LibraryCommands> {
  const { studio, library, playback, storage } = deps
  return {
    'library.list': () => library.list(),
    'library.delete': (request) =>
      deletePackage(
        {
          storage: storage.provider,
          findJob: (id) => studio.jobs.list().find((j) => j.id === id),
          packageDirOf: (id) => library.packageDirOf(id),
          removeJob: (id) => studio.jobs.remove(id)
        },
        request
      ),
    'playback.source': ({ id, from }) => (from === 'local' ? playback.local(id) : playback.remote(id)),
    'share.create': ({ id, expiresInSeconds, mp4 }) => (mp4 ? playback.shareDownload(id, expiresInSeconds) : playback.share(id, expiresInSeconds))
  }
}
