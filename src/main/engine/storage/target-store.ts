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
  /** Entries that could not be read and were set aside, in plain words. */
  notices?(): Promise<string[]>
}

interface TargetFile {
  version: 1
  targets: StorageTarget[]
  /**
   * Entries that fail the schema (hand-edited, or from another version), kept as they were:
   * never listed, never erased by a later save, and their secrets stay under their names.
   */
  damaged?: unknown[]
}

function describeEntry(entry: unknown): string {
  const name = typeof entry === 'object' && entry !== null && typeof (entry as { name?: unknown }).name === 'string' ? (entry as { name: string }).name : undefined
  return name ? `"${name}"` : 'an unnamed entry'
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
    const damaged: unknown[] = Array.isArray(this.db.data.damaged) ? [...this.db.data.damaged] : []
    for (const entry of Array.isArray(this.db.data.targets) ? this.db.data.targets : []) {
      const parsed = storageTargetSchema.safeParse(entry)
      if (parsed.success) targets.push(parsed.data)
      else damaged.push(entry)
    }
    this.db.data = damaged.length ? { version: 1, targets, damaged } : { version: 1, targets }
    return this.db.data
  }

  /** Plain words for each entry set aside as damaged, for the console and Settings. */
  async notices(): Promise<string[]> {
    const { damaged = [] } = await this.load()
    return damaged.map(
      (entry) => `The storage target ${describeEntry(entry)} in ${this.path} could not be read, so it is not offered. It is kept there under "damaged", with its secret; fix it, or add the target again.`
    )
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
