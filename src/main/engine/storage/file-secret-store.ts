import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { StudioError } from '@shared/errors'
import type { SecretStore, TargetSecret } from './secret-store'

interface SecretFile {
  version: 1
  targets: Record<string, TargetSecret>
}

function isTargetSecret(value: unknown): value is TargetSecret {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return typeof record.accessKeyId === 'string' && typeof record.secretAccessKey === 'string'
}

/**
 * Headless secrets: one JSON file readable by its owner only (mode 0600), in a 0700 folder.
 * Used when no OS keychain is available. Writes go to a temporary file first and are
 * renamed into place, so a crash never leaves half a file.
 */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file-0600' as const

  constructor(private readonly path: string) {}

  private async read(): Promise<SecretFile> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, targets: {} }
      throw error
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      // Never echo the file's content: it holds secrets.
      throw new StudioError('STORE_CORRUPT', `The secret file ${this.path} is not valid JSON. Remove it and add the targets' credentials again.`)
    }
    const targets: Record<string, TargetSecret> = {}
    const raw = (parsed as { targets?: unknown }).targets
    if (typeof raw === 'object' && raw !== null) {
      for (const [name, secret] of Object.entries(raw)) if (isTargetSecret(secret)) targets[name] = secret
    }
    return { version: 1, targets }
  }

  private async write(file: SecretFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 })
    const temporary = `${this.path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
    // The mode given to writeFile is filtered by the umask; make sure it is exactly 0600.
    await chmod(temporary, 0o600)
    await rename(temporary, this.path)
  }

  async get(targetName: string): Promise<TargetSecret | undefined> {
    return (await this.read()).targets[targetName]
  }

  async set(targetName: string, secret: TargetSecret): Promise<void> {
    const file = await this.read()
    file.targets[targetName] = { accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey }
    await this.write(file)
  }

  async delete(targetName: string): Promise<void> {
    const file = await this.read()
    if (!(targetName in file.targets)) return
    delete file.targets[targetName]
    await this.write(file)
  }
}
