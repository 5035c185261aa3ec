/**
 * Errors cross every boundary as plain values: a code a program can switch on and
 * a message a person can act on. Never a stack trace, never a secret.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'FILE_NOT_FOUND',
  'EMPTY_FILE',
  'NOT_MEDIA',
  'NO_STREAMS',
  'TRUNCATED',
  'FFMPEG_MISSING',
  'FFMPEG_FAILED',
  'ENCODER_UNAVAILABLE',
  'SUBTITLES_INVALID',
  'TIMEOUT',
  'CANCELLED',
  'DOWNLOAD_FAILED',
  'STORE_LOCKED',
  'STORE_CORRUPT',
  'INVALID_TRANSITION',
  'STORAGE_ENDPOINT',
  'STORAGE_CREDENTIALS',
  'STORAGE_BUCKET',
  'STORAGE_PERMISSION',
  'STORAGE_CLOCK_SKEW',
  'STORAGE_FAILED',
  'VERIFY_FAILED',
  'UNAUTHORIZED',
  /** The command exists but not where it was called (a native picker in a browser). */
  'UNSUPPORTED',
  /** The connection to the studio dropped before the answer came. */
  'DISCONNECTED',
  'INTERNAL'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface StudioErrorValue {
  code: ErrorCode
  message: string
}

/** Errors that are worth trying again: the same input may succeed later. */
export const TRANSIENT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'TIMEOUT',
  'DOWNLOAD_FAILED',
  'STORAGE_FAILED',
  'STORAGE_ENDPOINT',
  'VERIFY_FAILED'
  // Not INTERNAL: a bug fails the same way every time, and trying again only hides its cause.
])

export class StudioError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StudioError'
    this.code = code
  }

  toValue(): StudioErrorValue {
    return { code: this.code, message: this.message }
  }
}

export function isStudioError(value: unknown): value is StudioError {
  return value instanceof StudioError
}

/** Turns anything thrown into a value safe to show and to send across a process boundary. */
export function toErrorValue(error: unknown): StudioErrorValue {
  if (error instanceof StudioError) return error.toValue()
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'Cancelled.' }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message: message || 'Unexpected error.' }
}
