import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import { testConnection } from './storage/connection-test'
import { ANY_ORIGIN, applyPlaybackCors, readCorsRules, reportCors } from './storage/cors'
import { toStorageError } from './storage/storage-errors'
import type { StudioHandlerDeps } from './contract-handlers'

type StorageCommands = 'targets.list' | 'targets.save' | 'targets.remove' | 'targets.test' | 'targets.applyCors'

/** Targets: saved without their secret (it goes to the SecretStore), tested, and CORS fixed. */
export function storageHandlers({ storage, settings, corsOrigins }: StudioHandlerDeps): Pick<StudioHandlers, StorageCommands> {
  const origins = (asked?: string[]): string[] => (asked?.length ? asked : corsOrigins?.length ? corsOrigins : [ANY_ORIGIN])
  return {
    'targets.list': () => storage.targets.list(),
    'targets.save': (input) => storage.targets.add(input),
    'targets.remove': async ({ name }) => {
      if (!(await storage.targets.remove(name))) throw new StudioError('NOT_FOUND', `There is no storage target named "${name}".`)
      if (settings.get().defaultTarget === name) await settings.update({ defaultTarget: null })
      return { removed: name }
    },
    'targets.test': async ({ name }) => {
      const { client, target } = await storage.clients.get(name)
      return testConnection({ client, target, origins: origins() })
    },
    'targets.applyCors': async ({ name, origins: asked }) => {
      const { client, target } = await storage.clients.get(name)
      const wanted = origins(asked)
      try {
        await applyPlaybackCors(client, target.bucket, wanted)
        return reportCors(await readCorsRules(client, target.bucket), wanted)
      } catch (error) {
        throw toStorageError(error, { target, action: 'setting the bucket’s CORS rules' })
      }
    }
  }
}
