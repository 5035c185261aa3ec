import type { FileHandle } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import type { StudioError } from '@shared/errors'

/** Bytes waiting to be written before the connection is paused: memory stays bounded on a slow disk. */
const MAX_UNWRITTEN = 8 * 1024 * 1024

export interface BodyTarget {
  /** Opens the file the body goes to; called once, after listening has begun. */
  open: () => Promise<FileHandle>
  /** Bytes the body may have before it is refused. */
  allowedBytes: number
  tooLarge: () => StudioError
  written: (bytes: number) => void
}

/**
 * Writes the body to disk as it arrives. Listening starts at once, in flowing mode, so
 * every byte received before a dropped connection reaches the file (a stream that is not
 * being read discards its buffer when the connection fails); the next attempt resumes
 * from exactly what is on disk.
 */
export function receiveBody(response: IncomingMessage, target: BodyTarget): Promise<void> {
  return new Promise((resolve, reject) => {
    const opened = target.open()
    let writing: Promise<unknown> = opened
    let unwritten = 0
    let received = 0
    let failure: unknown
    response.on('data', (chunk: Buffer) => {
      if (failure) return
      received += chunk.length
      if (received > target.allowedBytes) {
        failure = target.tooLarge()
        response.destroy()
        return
      }
      unwritten += chunk.length
      if (unwritten > MAX_UNWRITTEN) response.pause()
      writing = writing.then(async () => {
        await (await opened).write(chunk)
        unwritten -= chunk.length
        target.written(chunk.length)
        if (response.isPaused() && unwritten <= MAX_UNWRITTEN / 2) response.resume()
      })
      writing.catch((error: unknown) => {
        failure ??= error
        response.destroy()
      })
    })
    let settled = false
    const settle = (error?: unknown): void => {
      if (settled) return
      settled = true
      const outcome = writing.then(
        () => (failure ?? error ? Promise.reject(failure ?? error) : undefined),
        (writeError: unknown) => Promise.reject(writeError)
      )
      const close = (): Promise<void> => opened.then((file) => file.close(), () => undefined)
      outcome.then(
        () => close().then(resolve, reject),
        (e: unknown) => close().then(() => reject(e), () => reject(e))
      )
    }
    response.once('end', () => settle())
    response.once('error', (error) => settle(error))
    response.once('aborted', () => settle(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
  })
}
