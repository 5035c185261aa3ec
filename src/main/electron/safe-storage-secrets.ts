/**
 * Target credentials on the desktop: encrypted with the OS keychain through Electron's
 * safeStorage, in a 0600 file of ciphertexts. Where the OS offers no real encryption (Linux
 * without a keyring, where safeStorage falls back to a hard-coded password, "basic_text") the
 * studio says so plainly and keeps the headless 0600 file instead.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { SafeStorage } from 'electron'
import { StudioError } from '@shared/errors'
import { dataPaths } from '../engine/data-dir'
import { FileSecretStore } from '../engine/storage/file-secret-store'
import type { SecretStore, TargetSecret } from '../engine/storage/secret-store'

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend']
}

interface CipherFile {
  version: 1
  /** Target name → base64 of safeStorage.encryptString(JSON of the secret). */
  targets: Record<string, string>
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os-encrypted' as const

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly path: string
  ) {}

  private async read(): Promise<CipherFile> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as Partial<CipherFile>
      return { version: 1, targets: typeof parsed.targets === 'object' && parsed.targets ? parsed.targets : {} }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, targets: {} }
      throw new StudioError('STORE_CORRUPT', `The encrypted secret file ${this.path} cannot be read. Remove it and add the targets' credentials again.`)
    }
  }

  private async write(file: CipherFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 })
    const temporary = `${this.path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 })
    await chmod(temporary, 0o600)
    await rename(temporary, this.path)
  }

  async get(targetName: string): Promise<TargetSecret | undefined> {
    const cipher = (await this.read()).targets[targetName]
    if (!cipher) return undefined
    let plain: string
    try {
      plain = this.safeStorage.decryptString(Buffer.from(cipher, 'base64'))
    } catch {
      // Never say more: the ciphertext and the keychain's words stay out of messages.
      throw new StudioError('STORAGE_CREDENTIALS', `The stored keys of target "${targetName}" cannot be decrypted on this machine (the OS keychain changed?). Save the target again with its keys.`)
    }
    const value = JSON.parse(plain) as Partial<TargetSecret>
    if (typeof value.accessKeyId !== 'string' || typeof value.secretAccessKey !== 'string') return undefined
    return { accessKeyId: value.accessKeyId, secretAccessKey: value.secretAccessKey }
  }

  async set(targetName: string, secret: TargetSecret): Promise<void> {
    const file = await this.read()
    const plain = JSON.stringify({ accessKeyId: secret.accessKeyId, secretAccessKey: secret.secretAccessKey })
    file.targets[targetName] = this.safeStorage.encryptString(plain).toString('base64')
    await this.write(file)
  }

  async delete(targetName: string): Promise<void> {
    const file = await this.read()
    if (!(targetName in file.targets)) return
    delete file.targets[targetName]
    await this.write(file)
  }
}

export const UNENCRYPTED_NOTE =
  'Your storage keys are kept in a file only your user account can read, but not encrypted: this system has no keyring the app can use (on Linux, install and unlock GNOME Keyring or KWallet, then save the targets again).'

/** The secret store the desktop uses, and the sentence Settings shows when it is not encrypted. Call after app 'ready'. */
export function chooseDesktopSecretStore(safeStorage: SafeStorageLike, dataDir: string, platform = process.platform): { store: SecretStore; note?: string } {
  const plaintextKeyring = platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text'
  if (safeStorage.isEncryptionAvailable() && !plaintextKeyring) {
    return { store: new SafeStorageSecretStore(safeStorage, join(dataDir, 'secrets.encrypted.json')) }
  }
  return { store: new FileSecretStore(dataPaths(dataDir).secrets), note: UNENCRYPTED_NOTE }
}
