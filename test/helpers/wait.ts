import { vi } from 'vitest'

export interface WaitOptions {
  /** Default 60 s: generous on a loaded machine, still a deadline. */
  timeoutMs?: number
  intervalMs?: number
}

/**
 * Waits until `condition` holds, checking every `intervalMs`. Past the deadline it fails
 * saying what it waited for and for how long, instead of hanging the run.
 */
export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000
  await vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error(`Waited ${timeout / 1000} s for ${what}.`)
    },
    { timeout, interval: options.intervalMs ?? 50 }
  )
}
