import { EnvSecretStore, LayeredSecretStore } from './env-secret-store'
import { S3Publisher } from './s3-publisher'
import type { SecretStore } from './secret-store'
import { TargetClients } from './target-clients'
import { createHeadlessTargetRegistry, TargetRegistry } from './target-registry'
import { LowdbTargetStore, targetsFile } from './target-store'

export interface StudioStorage {
  targets: TargetRegistry
  publisher: S3Publisher
  /** Long-lived clients per target, for the playback proxy. */
  clients: TargetClients
}

/**
 * Storage as the studio uses it: targets in the data dir, secrets in the given store (the
 * desktop shell passes its safeStorage one) or, headless, the 0600 file with env fallback.
 */
export function createStudioStorage(options: { dataDir: string; env?: NodeJS.ProcessEnv; secrets?: SecretStore }): StudioStorage {
  const targets = options.secrets
    ? new TargetRegistry(new LowdbTargetStore(targetsFile(options.dataDir)), new LayeredSecretStore(options.secrets, new EnvSecretStore(options.env)))
    : createHeadlessTargetRegistry(options.dataDir, options.env)
  return { targets, publisher: new S3Publisher({ targets }), clients: new TargetClients(targets) }
}
