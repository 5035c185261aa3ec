import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { chooseDesktopSecretStore, SafeStorageSecretStore, UNENCRYPTED_NOTE, type SafeStorageLike } from '../../../src/main/electron/safe-storage-secrets'
import { FileSecretStore } from '../../../src/main/engine/storage/file-secret-store'
import { tempDir } from '../../helpers/media'

/**
 * Stands in for Electron's safeStorage, which needs the Electron binary and an OS keychain:
 * real AES-256-GCM with a per-"machine" key, so ciphertext is opaque and another key cannot
 * read it, and decryptString throws on anything it did not make, as the real one does.
 */
function keychain(backend: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>> = 'gnome_libsecret', available = true): SafeStorageLike {
  const key = randomBytes(32)
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12))
      decipher.setAuthTag(data.subarray(12, 28))
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')
    }
  }
}

const SECRET = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI-very-secret' }

describe('desktop secrets', () => {
  const dirs: Array<{ cleanup(): void }> = []
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()))
  const dataDir = () => {
    const dir = tempDir()
    dirs.push(dir)
    return dir.path
  }

  it('keeps credentials encrypted by the OS keychain, in a file only the user can read', async () => {
    const dir = dataDir()
    const { store, note } = chooseDesktopSecretStore(keychain(), dir, 'linux')
    expect(store.kind).toBe('os-encrypted')
    expect(note).toBeUndefined()
    await store.set('r2', SECRET)
    const file = join(dir, 'secrets.encrypted.json')
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET.secretAccessKey)
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET.accessKeyId)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await store.get('r2')).toEqual(SECRET)
    await store.delete('r2')
    expect(await store.get('r2')).toBeUndefined()
  })

  it('says plainly when keys cannot be decrypted any more, without echoing anything stored', async () => {
    const dir = dataDir()
    await new SafeStorageSecretStore(keychain(), join(dir, 's.json')).set('r2', SECRET)
    const otherMachine = new SafeStorageSecretStore(keychain(), join(dir, 's.json'))
    const error = (await otherMachine.get('r2').then(
      () => undefined,
      (e: unknown) => e
    )) as Error & { code: string }
    expect(error).toMatchObject({ code: 'STORAGE_CREDENTIALS' })
    expect(error.message).toContain('Save the target again')
    expect(error.message).not.toContain(readFileSync(join(dir, 's.json'), 'utf8').slice(40, 60))
  })

  it('falls back to the 0600 file with a note when Linux has no keyring (basic_text) or encryption is unavailable', () => {
    for (const safe of [keychain('basic_text'), keychain('unknown', false)]) {
      const { store, note } = chooseDesktopSecretStore(safe, dataDir(), 'linux')
      expect(store).toBeInstanceOf(FileSecretStore)
      expect(store.kind).toBe('file-0600')
      expect(note).toBe(UNENCRYPTED_NOTE)
    }
    // basic_text is a Linux notion; elsewhere an available safeStorage is real encryption.
    expect(chooseDesktopSecretStore(keychain('basic_text'), dataDir(), 'darwin').store.kind).toBe('os-encrypted')
  })
})
