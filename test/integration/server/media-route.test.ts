import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeConfinementFixture, PACKAGE_JOB, SECRET_TEXT, traversalAttempts, type ConfinementFixture } from '../../helpers/confinement'
import { startTestServer, TEST_TOKEN, type TestServer } from '../../helpers/serve'

interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** Sends the path exactly as written: fetch() and URL would normalise `..` away before the server saw it. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: { Authorization: `Bearer ${TEST_TOKEN}`, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the media route of serve', () => {
  let fixture: ConfinementFixture
  let t: TestServer
  beforeAll(async () => {
    fixture = makeConfinementFixture()
    t = await startTestServer({ outputDir: fixture.outputDir })
  })
  afterAll(async () => {
    await t?.close()
    fixture?.cleanup()
  })

  it('serves the files of a package on disk, with types and ranges', async () => {
    const master = await rawGet(t.server.url, `/media/${PACKAGE_JOB}/master.m3u8`)
    expect(master.status).toBe(200)
    expect(master.headers['content-type']).toBe('application/vnd.apple.mpegurl')
    expect(master.body.toString()).toContain('v0/index.m3u8')
    const part = await rawGet(t.server.url, `/media/${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=10-19' })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe('bytes 10-19/1000')
    expect(part.body.equals(fixture.segment.subarray(10, 20))).toBe(true)
    const head = await rawGet(t.server.url, `/media/${PACKAGE_JOB}/v0/seg%200.ts`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe('1000')
    expect(head.body.length).toBe(0)
    expect((await rawGet(t.server.url, `/media/${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=2000-' })).status).toBe(416)
  })

  it('answers 404, and never the secret, to traversal, encoded dots and slashes, absolute paths and symlinks out', async () => {
    for (const attempt of traversalAttempts(fixture.root)) {
      const answer = await rawGet(t.server.url, `/media/${attempt}`)
      expect(answer.status, attempt).toBe(404)
      expect(answer.body.toString(), attempt).not.toContain(SECRET_TEXT)
    }
    // Above the media prefix, a traversal reaches the renderer's files or nothing: never the disk.
    for (const attempt of ['/media/../../secret.txt', '/media/%2e%2e/%2e%2e/secret.txt', `/${encodeURIComponent(`${fixture.root}/secret.txt`)}`, '/..%2f..%2fsecret.txt']) {
      const answer = await rawGet(t.server.url, attempt)
      expect(answer.body.toString(), attempt).not.toContain(SECRET_TEXT)
      expect(answer.status, attempt).toBeGreaterThanOrEqual(400)
    }
  })

  it('lists the package in the Library with its media URL', async () => {
    const { handlers } = t.server.runtime
    const collections = await handlers['library.list'](undefined)
    const item = collections.flatMap((c) => c.items).find((i) => i.jobId === PACKAGE_JOB)
    expect(item?.local).toMatchObject({ baseUrl: `/media/${PACKAGE_JOB}`, masterPlaylist: 'master.m3u8', dir: fixture.packageDir })
    expect(item?.thumbnails.poster).toBe('thumbnails/poster.jpg')
    const poster = await rawGet(t.server.url, `${item!.local!.baseUrl}/${item!.thumbnails.poster}`)
    expect(poster.headers['content-type']).toBe('image/jpeg')
  })
})
