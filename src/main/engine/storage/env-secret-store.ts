import { StudioError } from '@shared/errors'
import type { SecretStore, TargetSecret } from './secret-store'

export const ACCESS_KEY_ID_ENV = 'HLS_STUDIO_S3_ACCESS_KEY_ID'
export const SECRET_ACCESS_KEY_ENV = 'HLS_STUDIO_S3_SECRET_ACCESS_KEY'

/**
 * Credentials from the environment, for CI and containers: one key pair for every target.
 * Read-only: the process cannot change its parent's environment.
 */
export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async get(): Promise<TargetSecret | undefined> {
    const accessKeyId = this.env[ACCESS_KEY_ID_ENV]
    const secretAccessKey = this.env[SECRET_ACCESS_KEY_ENV]
    if (!accessKeyId || !secretAccessKey) return undefined
    return { accessKeyId, secretAccessKey }
  }

  async set(): Promise<void> {
    throw new StudioError('INVALID_INPUT', `Credentials from ${ACCESS_KEY_ID_ENV} / ${SECRET_ACCESS_KEY_ENV} cannot be changed by the studio; change the environment instead.`)
  }

  async delete(): Promise<void> {}
}

/**
 * A stored secret for the target wins; the environment's pair serves targets that have none.
 * Writes go to the stored side.
 */
export class LayeredSecretStore implements SecretStore {
  constructor(
    private readonly stored: SecretStore,
    private readonly fallback: SecretStore
  ) {}

  get kind(): SecretStore['kind'] {
    return this.stored.kind
  }

  async get(targetName: string): Promise<TargetSecret | undefined> {
    return (await this.stored.get(targetName)) ?? (await this.fallback.get(targetName))
  }

  set(targetName: string, secret: TargetSecret): Promise<void> {
    return this.stored.set(targetName, secret)
  }

  delete(targetName: string): Promise<void> {
    return this.stored.delete(targetName)
  }
}
