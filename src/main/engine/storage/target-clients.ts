import type { S3Client } from '@aws-sdk/client-s3'
import type { StorageTarget } from '@shared/targets'
import { createS3Client } from './s3-client'
import type { ResolvedTarget } from './target-registry'

export interface TargetClient {
  target: StorageTarget
  client: S3Client
}

/**
 * One S3 client per target for long-lived users (the playback proxy): keeps connections warm.
 * A target changed since its client was made (new keys, new endpoint) gets a new client.
 */
export class TargetClients {
  private readonly cache = new Map<string, { stamp: string; entry: TargetClient }>()

  constructor(private readonly targets: { resolve(name: string): Promise<ResolvedTarget> }) {}

  async get(name: string): Promise<TargetClient> {
    const { target, secret } = await this.targets.resolve(name)
    const stamp = `${target.updatedAt}\n${secret.accessKeyId}\n${secret.secretAccessKey}`
    const cached = this.cache.get(name)
    if (cached && cached.stamp === stamp) return cached.entry
    cached?.entry.client.destroy()
    const entry = { target, client: createS3Client(target, secret) }
    this.cache.set(name, { stamp, entry })
    return entry
  }

  close(): void {
    for (const { entry } of this.cache.values()) entry.client.destroy()
    this.cache.clear()
  }
}
