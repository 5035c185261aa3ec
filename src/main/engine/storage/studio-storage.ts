import { EnvSecretStore, LayeredSecretStore } from './env-secret-store'
import type { SecretStore } from './secret-store'
import type { StorageProvider } from './storage-provider'
import { StorageProviders } from './storage-providers'
import { createHeadlessTargetRegistry, TargetRegistry } from './target-registry'
import { LowdbTargetStore, targetsFile } from './target-store'

export interface StudioStorage {
  targets: TargetRegistry
  /** Publish, verify, test, CORS, delete, share and read objects, for any saved target. */
  provider: StorageProvider
}

/**
 * Storage as the studio uses it: targets in the data dir, secrets in the given store (the
 * desktop shell passes its safeStorage one) or, headless, the 0600 file with env fallback.
 */
export function createStudioStorage(options: { dataDir: string; env?: NodeJS.ProcessEnv; secrets?: SecretStore }): StudioStorage {
  const targets = options.secrets
    ? new TargetRegistry(new LowdbTargetStore(targetsFile(options.dataDir)), new LayeredSecretStore(options.secrets, new EnvSecretStore(options.env)))
    : createHeadlessTargetRegistry(options.dataDir, options.env)
  return { targets, provider: new StorageProviders({ targets }) }
}
