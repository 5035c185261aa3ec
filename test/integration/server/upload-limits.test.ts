/**
 * Issue 13, point 5: uploads had no size limit and no idle timeout (a byte every 15 s was held
 * for 330 s), and a failed upload's file stayed on disk. Now: a size limit, an idle timeout, a
 * cap on uploads in flight, and nothing left behind by any of them.
 */
import { existsSync, readdirSync } from 'node:fs'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, TEST_TOKEN, type TestServer } from '../../helpers/serve'

interface OpenUpload {
  request: ClientRequest
  answer: Promise<{ status: number; body: string }>
}

/** Starts an upload whose body the test writes itself (to trickle, or to overrun the limit). */
function openUpload(server: TestServer, name: string, declaredBytes?: number): OpenUpload {
  const url = new URL(`${server.server.url}/api/uploads?name=${encodeURIComponent(name)}&options=${encodeURIComponent('{"target":null}')}`)
  const headers: Record<string, string | number> = { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/octet-stream' }
  if (declaredBytes !== undefined) headers['Content-Length'] = declaredBytes
  const request = httpRequest(url, { method: 'POST', headers })
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      response.on('data', (c: Buffer) => chunks.push(c))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
    })
    request.on('error', reject)
  })
  request.on('error', () => undefined)
  // Destroying the request after its answer rejects this promise: that is not a failure of the test.
  answer.catch(() => undefined)
  request.flushHeaders()
  return { request, answer }
}

/** The answer, or a failure that says what was awaited. */
async function answered(upload: OpenUpload, what: string): Promise<{ status: number; body: string }> {
  let deadline: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(new Error(`no answer from serve to ${what} within 30 s`)), 30_000)
  })
  try {
    return await Promise.race([upload.answer, timeout])
  } finally {
    clearTimeout(deadline)
  }
}

describe('upload limits', () => {
  let t: TestServer
  const uploads = (): string[] => (existsSync(join(t.dataDir, 'uploads')) ? readdirSync(join(t.dataDir, 'uploads')) : [])

  beforeAll(async () => {
    // A short idle timeout stands in for the 60 s default, so the test need not wait a minute.
    t = await startTestServer({ uploads: { maxBytes: 64 * 1024, idleTimeoutMs: 800, maxInFlight: 2 } })
  })
  afterAll(async () => t?.close())

  it('drops a trickle that stops sending, answers in plain words, and keeps no file', async () => {
    const upload = openUpload(t, 'trickle.mp4', 10_000)
    upload.request.write(Buffer.from([0]))
    await vi.waitFor(
      () => {
        if (uploads().length !== 1) throw new Error('waiting for the upload folder to appear')
      },
      { timeout: 10_000, interval: 20 }
    )
    const { status, body } = await answered(upload, 'a stalled upload')
    expect(status).toBe(408)
    expect(JSON.parse(body)).toMatchObject({ ok: false, error: { message: 'trickle.mp4 stopped arriving: nothing came for 1 s, so the upload was dropped. Try again.' } })
    upload.request.destroy()
    expect(uploads()).toEqual([])
    expect(t.server.runtime.studio.jobs.list()).toEqual([])
  })

  it('refuses a file over the size limit, whether declared or streamed, and keeps nothing', async () => {
    const declared = openUpload(t, 'huge.mp4', 10 * 1024 * 1024)
    const early = await answered(declared, 'an upload that declares its size too large')
    declared.request.destroy()
    expect(early.status).toBe(413)
    expect(JSON.parse(early.body).error.message).toBe('huge.mp4 is larger than this studio accepts (65536 bytes; serve --max-upload-bytes).')

    const streamed = openUpload(t, 'sneaky.mp4')
    for (let i = 0; i < 20 && !streamed.request.destroyed; i++) streamed.request.write(Buffer.alloc(8 * 1024, 1))
    const late = await answered(streamed, 'a chunked upload past the limit')
    streamed.request.destroy()
    expect(late.status).toBe(413)
    expect(JSON.parse(late.body).error.message).toContain('sneaky.mp4 is larger than this studio accepts')
    expect(uploads()).toEqual([])
    expect(t.server.runtime.studio.jobs.list()).toEqual([])
  })

  it('caps uploads in flight, and removes an upload the browser abandons', async () => {
    const first = openUpload(t, 'one.mp4', 1000)
    const second = openUpload(t, 'two.mp4', 1000)
    first.request.write(Buffer.from([1]))
    second.request.write(Buffer.from([2]))
    await vi.waitFor(
      () => {
        if (uploads().length !== 2) throw new Error(`waiting for two uploads in flight (${uploads().length})`)
      },
      { timeout: 10_000, interval: 20 }
    )
    const third = openUpload(t, 'three.mp4', 1)
    third.request.end(Buffer.from([3]))
    const refused = await answered(third, 'a third upload while two are in flight')
    expect(refused.status).toBe(429)
    expect(JSON.parse(refused.body).error.message).toBe('2 uploads are already arriving; send three.mp4 when one of them has finished.')

    // The browser goes away mid-file: the folder goes with it.
    first.request.destroy()
    second.request.destroy()
    await vi.waitFor(
      () => {
        if (uploads().length) throw new Error(`waiting for abandoned uploads to be removed (${uploads().join(', ')})`)
      },
      { timeout: 10_000, interval: 20 }
    )
    expect(t.server.runtime.studio.jobs.list()).toEqual([])
  })
})
