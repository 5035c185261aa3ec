/**
 * The storage services a target can name. Apart from targets.ts (and free of zod) so the
 * command line can list them in `--help` without loading any schema.
 */
export const STORAGE_PROVIDERS = ['s3', 'r2', 'minio', 'garage', 'b2', 'wasabi', 'other'] as const
/** A service a target names (s3, r2, …); the engine's StorageProvider is the code that talks to it. */
export type StorageProviderName = (typeof STORAGE_PROVIDERS)[number]

export function isStorageProviderName(text: string): text is StorageProviderName {
  return (STORAGE_PROVIDERS as readonly string[]).includes(text)
}
