import { createHash } from 'node:crypto'
import { ApiError } from './api-errors'

/** Stripe keeps keys a day; a script retrying a POST does so within minutes. */
const KEEP_MS = 24 * 3600 * 1000
const MAX_KEYS = 10_000

interface Remembered {
  fingerprint: string
  at: number
  /** Pending while the first request is still being answered. */
  answer?: { status: number; body: unknown }
}

/**
 * `Idempotency-Key`: a POST retried with the same key (after a timeout, a dropped connection)
 * gets the first answer again instead of a second job. The same key with a different body, or
 * while the first request is still running, is a 409. Kept in memory: a restarted serve
 * forgets its keys, and the queue's own duplicate check still catches a source still queued.
 */
export class IdempotencyKeys {
  private readonly keys = new Map<string, Remembered>()

  constructor(private readonly now: () => number = Date.now) {}

  async run(given: string | undefined, body: unknown, caller: string, work: () => Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: unknown; replayed: boolean }> {
    if (given === undefined) return { ...(await work()), replayed: false }
    if (!/^[\x21-\x7e]{1,255}$/.test(given)) throw new ApiError(400, 'INVALID_INPUT', 'Idempotency-Key must be 1 to 255 printable characters without spaces.')
    this.forgetOld()
    const key = `${caller}:${given}`
    const fingerprint = createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex')
    const known = this.keys.get(key)
    if (known) {
      if (known.fingerprint !== fingerprint) throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request body. Use a new key for a new request.')
      if (!known.answer) throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', 'The first request with this Idempotency-Key is still being answered; try again in a moment.')
      return { ...known.answer, replayed: true }
    }
    const entry: Remembered = { fingerprint, at: this.now() }
    this.keys.set(key, entry)
    try {
      const answer = await work()
      entry.answer = answer
      return { ...answer, replayed: false }
    } catch (error) {
      // A refused request created nothing: the same key may try again.
      this.keys.delete(key)
      throw error
    }
  }

  private forgetOld(): void {
    const cutoff = this.now() - KEEP_MS
    for (const [key, entry] of this.keys) {
      if (entry.at >= cutoff && this.keys.size <= MAX_KEYS) break
      this.keys.delete(key)
    }
  }
}
