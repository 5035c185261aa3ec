import { StudioError } from '@shared/errors'

const MIB = 1024 * 1024
/** S3 allows 5 MiB parts; 8 MiB halves the request count for little memory. */
export const DEFAULT_PART_SIZE = 8 * MIB
export const MAX_PARTS = 10_000
const MAX_PART_SIZE = 5 * 1024 * MIB
const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MIB

/**
 * The part size for an object: every part but the last has this size (R2 rejects uneven
 * parts), and the object fits in 10,000 parts. Whole MiB, so the sizes stay readable.
 */
export function partSizeFor(bytes: number, preferred = DEFAULT_PART_SIZE): number {
  if (bytes > MAX_OBJECT_SIZE) {
    throw new StudioError('INVALID_INPUT', `A file of ${bytes} bytes is larger than the 5 TiB an S3 object may hold.`)
  }
  const needed = Math.ceil(bytes / MAX_PARTS / MIB) * MIB
  return Math.min(MAX_PART_SIZE, Math.max(preferred, needed))
}

export function partCountFor(bytes: number, partSize: number): number {
  return Math.max(1, Math.ceil(bytes / partSize))
}
