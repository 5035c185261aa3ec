import { StudioError } from '@shared/errors'
import { addTargetInputSchema, resolveTargetInput, type AddTargetInput, type StorageTarget } from '@shared/targets'
import { dataPaths } from '../data-dir'
import { EnvSecretStore, LayeredSecretStore, ACCESS_KEY_ID_ENV, SECRET_ACCESS_KEY_ENV } from './env-secret-store'
import { FileSecretStore } from './file-secret-store'
import type { SecretStore, TargetSecret } from './secret-store'
import { LowdbTargetStore, targetsFile, type TargetStore } from './target-store'

export interface ResolvedTarget {
  target: StorageTarget
  secret: TargetSecret
}

/** Targets and their credentials together: the one place that pairs a target with its secret. */
export class TargetRegistry {
  constructor(
    readonly store: TargetStore,
    readonly secrets: SecretStore
  ) {}

  list(): Promise<StorageTarget[]> {
    return this.store.list()
  }

  get(name: string): Promise<StorageTarget | undefined> {
    return this.store.get(name)
  }

  /** Damaged entries of the target list, each in plain words (kept, not offered). */
  async notices(): Promise<string[]> {
    return (await this.store.notices?.()) ?? []
  }

  /** Adds or replaces a target. The secret goes to the SecretStore, the rest to the TargetStore. */
  async add(input: AddTargetInput, now = new Date()): Promise<StorageTarget> {
    const parsed = addTargetInputSchema.parse(input)
    const target = resolveTargetInput(parsed.target, now)
    const existing = await this.store.get(target.name)
    const stored = existing ? { ...target, createdAt: existing.createdAt } : target
    await this.secrets.set(target.name, parsed.credentials)
    await this.store.put(stored)
    return stored
  }

  async remove(name: string): Promise<boolean> {
    const removed = await this.store.remove(name)
    await this.secrets.delete(name)
    return removed
  }

  async resolve(name: string): Promise<ResolvedTarget> {
    const target = await this.store.get(name)
    if (!target) {
      const known = (await this.store.list()).map((t) => t.name)
      const hint = known.length ? `Known targets: ${known.join(', ')}.` : 'Add one with `hls-studio targets add`.'
      throw new StudioError('NOT_FOUND', `There is no storage target named "${name}". ${hint}`)
    }
    const secret = await this.secrets.get(name)
    if (!secret) {
      throw new StudioError(
        'STORAGE_CREDENTIALS',
        `No credentials are stored for target "${name}". Add the target again with its keys, or set ${ACCESS_KEY_ID_ENV} and ${SECRET_ACCESS_KEY_ENV}.`
      )
    }
    return { target, secret }
  }
}

/** Headless mode: targets in the data dir, secrets in a 0600 file there, env vars as a fallback. */
export function createHeadlessTargetRegistry(dataDir: string, env: NodeJS.ProcessEnv = process.env): TargetRegistry {
  const secrets = new LayeredSecretStore(new FileSecretStore(dataPaths(dataDir).secrets), new EnvSecretStore(env))
  return new TargetRegistry(new LowdbTargetStore(targetsFile(dataDir)), secrets)
}
