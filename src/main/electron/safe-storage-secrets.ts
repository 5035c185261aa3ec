/**
 * Target credentials on the desktop: encrypted with the OS keychain through Electron's
 * safeStorage, in a 0600 file of ciphertexts. Where the OS offers no real encryption (Linux
 * without a keyring, where safeStorage falls back to a hard-coded password, "basic_text") the
 * studio says so plainly and keeps the headless 0600 file instead.
 * https://www.electronjs.org/docs/latest/api/safe-storage
 */
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import { StudioError } from '@shared/errors'
import { dataPaths } from '../engine/data-dir'
import { FileSecretStore } from '../engine/storage/file-secret-store'
import type { SecretStore, TargetSecret } from '../engine/storage/secret-store'

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend']
}

/**
 * The headless 0600 file, holding only ciphertexts: each field is sealed by the OS keychain
 * before it reaches the file, and opened again on the way out.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'os-encrypted' as const
  private readonly file: FileSecretStore

  constructor(
    private readonly safeStorage: SafeStorageLike,
    path: string
  ) {
    this.file = new FileSecretStore(path)
  }

  private seal(plain: string): string {
    return this.safeStorage.encryptString(plain).toString('base64')
  }

  private open(sealed: string, targetName: string): string {
    try {
      return this.safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      // Never say more: the ciphertext and the keychain's words stay out of messages.
      throw new StudioError('STORAGE_CREDENTIALS', `The stored keys of target "${targetName}" cannot be decrypted on this machine (the OS keychain changed?). Save the target again with its keys.`)
    }
  }

  async get(targetName: string): Promise<TargetSecret | undefined> {
    const sealed = await this.file.get(targetName)
    if (!sealed) return undefined
    return { accessKeyId: this.open(sealed.accessKeyId, targetName), secretAccessKey: this.open(sealed.secretAccessKey, targetName) }
  }

  set(targetName: string, secret: TargetSecret): Promise<void> {
    return this.file.set(targetName, { accessKeyId: this.seal(secret.accessKeyId), secretAccessKey: this.seal(secret.secretAccessKey) })
  }

  delete(targetName: string): Promise<void> {
    return this.file.delete(targetName)
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
