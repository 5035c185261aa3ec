import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { z } from 'zod'
import { StudioError } from '@shared/errors'

/**
 * A small JSON file of the data dir that only its owner may read (0600): API token hashes and
 * webhook secrets. Read whole on every use, so a `hls-studio tokens revoke` in another process
 * takes effect in a running serve at once; written to a temporary file and renamed into place.
 */
export class PrivateJsonFile<Schema extends z.ZodType> {
  constructor(
    private readonly path: string,
    private readonly schema: Schema,
    private readonly empty: () => z.output<Schema>,
    /** What the file holds, for the message when it cannot be read. */
    private readonly what: string
  ) {}

  async read(): Promise<z.output<Schema>> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.empty()
      throw error
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      value = undefined
    }
    const parsed = this.schema.safeParse(value)
    // Never echo the content: it holds secrets or their hashes.
    if (!parsed.success) throw new StudioError('STORE_CORRUPT', `${this.path} (${this.what}) cannot be read. Remove it and add them again.`)
    return parsed.data
  }

  async write(value: z.output<Schema>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 })
    const temporary = `${this.path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 })
    // writeFile's mode is filtered by the umask; make it exactly 0600.
    await chmod(temporary, 0o600)
    await rename(temporary, this.path)
  }
}
