import { join } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { StudioError } from '@shared/errors'
import { storageTargetSchema, type StorageTarget } from '@shared/targets'

/** Where targets are kept, without secrets. A seam: a server-side store can replace lowdb. */
export interface TargetStore {
  list(): Promise<StorageTarget[]>
  get(name: string): Promise<StorageTarget | undefined>
  put(target: StorageTarget): Promise<void>
  /** Whether there was a target of that name. */
  remove(name: string): Promise<boolean>
}

interface TargetFile {
  version: 1
  targets: StorageTarget[]
}

export function targetsFile(dataDir: string): string {
  return join(dataDir, 'targets.json')
}

/**
 * Targets in their own small lowdb file beside the job store, so saving a target never
 * races with the queue's frequent progress writes. Read again before every operation:
 * another process (the CLI next to a running server) may have changed it.
 */
export class LowdbTargetStore implements TargetStore {
  private readonly db: Low<TargetFile>

  constructor(private readonly path: string) {
    this.db = new Low<TargetFile>(new JSONFile<TargetFile>(path), { version: 1, targets: [] })
  }

  private async load(): Promise<TargetFile> {
    try {
      await this.db.read()
    } catch {
      throw new StudioError('STORE_CORRUPT', `The target list ${this.path} is not valid JSON. Fix or remove it, then add the targets again.`)
    }
    const targets: StorageTarget[] = []
    for (const entry of this.db.data.targets ?? []) {
      const parsed = storageTargetSchema.safeParse(entry)
      if (parsed.success) targets.push(parsed.data)
    }
    this.db.data = { version: 1, targets }
    return this.db.data
  }

  async list(): Promise<StorageTarget[]> {
    return [...(await this.load()).targets].sort((a, b) => a.name.localeCompare(b.name))
  }

  async get(name: string): Promise<StorageTarget | undefined> {
    return (await this.load()).targets.find((t) => t.name === name)
  }

  async put(target: StorageTarget): Promise<void> {
    const file = await this.load()
    const valid = storageTargetSchema.parse(target)
    file.targets = [...file.targets.filter((t) => t.name !== valid.name), valid]
    await this.db.write()
  }

  async remove(name: string): Promise<boolean> {
    const file = await this.load()
    const before = file.targets.length
    file.targets = file.targets.filter((t) => t.name !== name)
    if (file.targets.length === before) return false
    await this.db.write()
    return true
  }
}
