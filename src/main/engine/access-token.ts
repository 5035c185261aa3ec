/** Bearer tokens, as serve and the worker routes check them. */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** Anyone who can guess it has the studio: explicit tokens must be at least this long. */
export const MIN_TOKEN_LENGTH = 16

export function generateToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Constant-time comparison: the answer must not leak how many leading characters were right. */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** `Authorization: Bearer <token>` */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return match?.[1]
}

