/**
 * Where target credentials live, never in the JSON store. The desktop shell implements it
 * with Electron safeStorage; headless mode uses a 0600 file in the data dir or env vars.
 */
export interface TargetSecret {
  accessKeyId: string
  secretAccessKey: string
}

export interface SecretStore {
  /** Whether secrets are encrypted at rest (safeStorage) or only protected by file mode. */
  readonly kind: 'os-encrypted' | 'file-0600' | 'env'
  get(targetName: string): Promise<TargetSecret | undefined>
  set(targetName: string, secret: TargetSecret): Promise<void>
  delete(targetName: string): Promise<void>
}
