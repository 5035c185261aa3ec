import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { downloadUrl, type DownloadProgress } from '../../../src/main/engine/sources/url-download'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'

const work = tempDir()
afterAll(() => work.cleanup())
const servers: MediaHttpServer[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})

let folder = 0
function destination(): string {
  return join(work.path, `job-${++folder}`, 'clip.mp4')
}

/** Waits until a file holds at least `bytes` (the server has sent what it will before stalling). */
async function bytesOnDisk(file: string, bytes: number): Promise<void> {
  await waitUntil(`${file} to hold ${bytes} bytes`, () => (existsSync(file) ? statSync(file).size : 0) >= bytes, { intervalMs: 10 })
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const body = randomBytes(3 * 1024 * 1024 + 123)

async function serve(behaviour: Parameters<typeof startMediaHttpServer>[1] = {}, bytes = body): Promise<MediaHttpServer> {
  const server = await startMediaHttpServer(bytes, behaviour)
  servers.push(server)
  return server
}

describe('URL download', () => {
  it('resumes with Range after the connection drops halfway, and the file is byte-identical', async () => {
    const half = Math.floor(body.length / 2)
    const server = await serve({ dropOnRequests: [0], dropAfterBytes: half })
    const target = destination()
    const progress: DownloadProgress[] = []
    const result = await downloadUrl({ url: server.url(), destination: target, onProgress: (p) => progress.push(p) })
    expect(result.resumes).toBe(1)
    expect(server.requests).toHaveLength(2)
    expect(server.requests[0]!.range).toBeUndefined()
    // The second request asks only for what is missing, guarded by the ETag of the first answer.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.requests[1]!.range ?? '')?.[1])
    expect(resumedAt).toBeGreaterThan(0)
    expect(resumedAt).toBeLessThanOrEqual(half)
    expect(server.requests[1]!.ifRange).toMatch(/^"[0-9a-f]{32}"$/)
    expect(sha(readFileSync(target))).toBe(sha(body))
    expect(readdirSync(join(target, '..'))).toEqual(['clip.mp4'])
    expect(progress.at(-1)).toEqual({ transferredBytes: body.length, totalBytes: body.length })
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.transferredBytes).toBeGreaterThanOrEqual(progress[i - 1]!.transferredBytes)
  })

  it('survives several drops in a row as long as bytes keep arriving', async () => {
    const server = await serve({ dropOnRequests: [0, 1, 2, 3], dropAfterBytes: 512 * 1024 })
    const target = destination()
    const result = await downloadUrl({ url: server.url(), destination: target })
    expect(result.resumes).toBe(4)
    expect(sha(readFileSync(target))).toBe(sha(body))
  })

  it('picks up an interrupted download on the next attempt, and starts over if the file changed meanwhile', async () => {
    const server = await serve({ stallOnRequests: [0], stallAfterBytes: 1024 * 1024 })
    const target = destination()
    const controller = new AbortController()
    const first = downloadUrl({ url: server.url(), destination: target, signal: controller.signal })
    await bytesOnDisk(`${target}.part`, 1024 * 1024)
    controller.abort()
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(existsSync(target)).toBe(false)
    const kept = readFileSync(`${target}.part`).length
    expect(kept).toBeGreaterThan(0)

    server.behaviour = {}
    await downloadUrl({ url: server.url(), destination: target })
    expect(server.requests[1]!.range).toBe(`bytes=${kept}-`)
    expect(sha(readFileSync(target))).toBe(sha(body))

    // The same interruption, but the object is replaced before the retry: If-Range makes the server send it whole.
    const second = destination()
    server.behaviour = { stallOnRequests: [2], stallAfterBytes: 1024 * 1024 }
    const again = new AbortController()
    const interrupted = downloadUrl({ url: server.url(), destination: second, signal: again.signal }).catch(() => undefined)
    await bytesOnDisk(`${second}.part`, 1024 * 1024)
    again.abort()
    await interrupted
    const replacement = randomBytes(2 * 1024 * 1024)
    server.setBody(replacement)
    server.behaviour = {}
    await downloadUrl({ url: server.url(), destination: second })
    expect(server.requests.at(-1)!.range).toMatch(/^bytes=\d+-$/)
    expect(sha(readFileSync(second))).toBe(sha(replacement))
  })

  it('starts over when the server ignores Range', async () => {
    const server = await serve({ noRange: true, dropOnRequests: [0], dropAfterBytes: 1024 * 1024 })
    const target = destination()
    await downloadUrl({ url: server.url(), destination: target })
    expect(server.requests).toHaveLength(2)
    expect(sha(readFileSync(target))).toBe(sha(body))
  })

  it('times out a server that stops sending, then resumes from where it stopped', async () => {
    const server = await serve({ stallOnRequests: [0], stallAfterBytes: 700_000 })
    const target = destination()
    const result = await downloadUrl({ url: server.url(), destination: target, idleTimeoutMs: 400 })
    expect(result.resumes).toBe(1)
    expect(server.requests[1]!.range).toBe('bytes=700000-')
    expect(sha(readFileSync(target))).toBe(sha(body))
  })

  it('gives up with TIMEOUT on a server that never answers', async () => {
    const server = await serve({ silentOnRequests: [0, 1, 2, 3] })
    const error = await downloadUrl({ url: server.url(), destination: destination(), responseTimeoutMs: 300, maxResumes: 2 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TIMEOUT', message: `No answer from ${server.url()} within 0.3 s.` })
    expect(server.requests).toHaveLength(3)
  })

  it('refuses a web page with a clear message, and writes nothing', async () => {
    const server = await serve({ contentType: 'text/html; charset=utf-8' })
    const target = destination()
    const error = await downloadUrl({ url: `${server.url()}?X-Amz-Signature=secret`, destination: target }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'NOT_MEDIA',
      message: `${server.url()}?… is not a video or audio file (the server says text/html; charset=utf-8). Check that the link points at the file itself, not a web page.`
    })
    expect((error as Error).message).not.toContain('secret')
    expect(existsSync(`${target}.part`)).toBe(false)
  })

  it('refuses a file over the size limit, whether the size is announced or only shows while streaming', async () => {
    const announced = await serve()
    const error = await downloadUrl({ url: announced.url(), destination: destination(), maxBytes: 1024 * 1024 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: `${announced.url()} is ${body.length} bytes, more than the limit of 1048576 bytes.` })

    const streamed = await serve({ chunked: true })
    const target = destination()
    const late = await downloadUrl({ url: streamed.url(), destination: target, maxBytes: 1024 * 1024 }).catch((e: unknown) => e)
    expect(late).toMatchObject({ code: 'INVALID_INPUT', message: `${streamed.url()} is larger than the limit of 1048576 bytes.` })
    expect(existsSync(target)).toBe(false)
  })

  it('says what an HTTP error means, and only server trouble counts as worth retrying', async () => {
    const cases: Array<[number, string, RegExp]> = [
      [404, 'FILE_NOT_FOUND', /Nothing at .* \(HTTP 404\)\. Check the link\./],
      [403, 'INVALID_INPUT', /refused access .* \(HTTP 403\)\. The link may have expired or need signing\./],
      [503, 'DOWNLOAD_FAILED', /is busy or failing \(HTTP 503\); try again later\./]
    ]
    for (const [status, code, message] of cases) {
      const server = await serve({ statusFor: () => status })
      const error = await downloadUrl({ url: server.url(), destination: destination() }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) })
    }
  })

  it('follows redirects', async () => {
    const server = await serve()
    const target = destination()
    await downloadUrl({ url: server.url('/redirect'), destination: target })
    expect(server.requests.map((r) => r.path)).toEqual(['/redirect', '/media/clip.mp4'])
    expect(sha(readFileSync(target))).toBe(sha(body))
  })
})
