import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MEDIA_BASE_URL, mediaProtocolHandler } from '../../../src/main/electron/media-protocol'
import { makeConfinementFixture, PACKAGE_JOB, SECRET_TEXT, traversalAttempts, type ConfinementFixture } from '../../helpers/confinement'

describe('the studio-media:// protocol', () => {
  let fixture: ConfinementFixture
  let handle: (request: Request) => Promise<Response>
  beforeAll(() => {
    fixture = makeConfinementFixture()
    handle = mediaProtocolHandler(fixture.packageDirOf)
  })
  afterAll(() => fixture.cleanup())

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => handle(new Request(`${MEDIA_BASE_URL}/${path}`, { method, headers }))

  it('serves a playlist, a segment and an image of a package with their types', async () => {
    const master = await get(`${PACKAGE_JOB}/master.m3u8`)
    expect(master.status).toBe(200)
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    expect(await master.text()).toContain('v0/index.m3u8')
    const segment = await get(`${PACKAGE_JOB}/v0/seg%200.ts`)
    expect(segment.headers.get('content-type')).toBe('video/mp2t')
    expect(Buffer.from(await segment.arrayBuffer()).equals(fixture.segment)).toBe(true)
    expect((await get(`${PACKAGE_JOB}/thumbnails/poster.jpg`)).headers.get('content-type')).toBe('image/jpeg')
    // A symlink that stays inside the package is fine.
    expect((await get(`${PACKAGE_JOB}/alias.ts`)).status).toBe(200)
  })

  it('answers byte ranges with 206, suffix ranges, HEAD without a body, and 416 past the end', async () => {
    const part = await get(`${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=100-199' })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000')
    expect(Buffer.from(await part.arrayBuffer()).equals(fixture.segment.subarray(100, 200))).toBe(true)
    const tail = await get(`${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=-10' })
    expect(Buffer.from(await tail.arrayBuffer()).equals(fixture.segment.subarray(990))).toBe(true)
    const open = await get(`${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=990-' })
    expect(open.headers.get('content-length')).toBe('10')
    const head = await get(`${PACKAGE_JOB}/v0/seg%200.ts`, {}, 'HEAD')
    expect(head.headers.get('content-length')).toBe('1000')
    expect((await head.arrayBuffer()).byteLength).toBe(0)
    const beyond = await get(`${PACKAGE_JOB}/v0/seg%200.ts`, { Range: 'bytes=5000-' })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe('bytes */1000')
  })

  it('answers 404, and never the secret, to every traversal attempt', async () => {
    for (const attempt of traversalAttempts(fixture.root)) {
      const answer = await get(attempt)
      expect(answer.status, attempt).toBe(404)
      expect(await answer.text(), attempt).not.toContain(SECRET_TEXT)
    }
    const otherHost = await handle(new Request(`studio-media://elsewhere/${PACKAGE_JOB}/master.m3u8`))
    expect(otherHost.status).toBe(404)
    expect((await get(`${PACKAGE_JOB}/master.m3u8`, {}, 'POST')).status).toBe(405)
  })
})
