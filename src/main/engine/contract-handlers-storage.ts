import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import { ANY_ORIGIN } from './storage/cors'
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
    'targets.test': ({ name }) => storage.provider.testConnection(name, { origins: origins() }),
    'targets.applyCors': ({ name, origins: asked }) => storage.provider.fixCors(name, origins(asked))
  }
}
