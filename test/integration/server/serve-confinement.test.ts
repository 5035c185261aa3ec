/**
 * A browser holding serve's token reaches only what serve was told to share: sources under
 * --media-root (and its own uploads, and URLs on public addresses), output under the output
 * root. Each attack of issue 13 against a real serve on loopback, refused in plain words.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import { isStudioError } from '../../../src/shared/errors'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip, tempDir } from '../../helpers/media'
import { connectClient, startTestServer, type TestServer } from '../../helpers/serve'

/** 127.0.0.2 stands in for a public host: no public address exists on this machine. */
const STAND_IN_PUBLIC = '127.0.0.2'

describe('serve confines what a browser can name', () => {
  let t: TestServer
  let client: WebSocketStudioClient
  let outside: { path: string; cleanup: () => void }
  let privateServer: MediaHttpServer
  let redirector: MediaHttpServer
  let outsideClip: string

  beforeAll(async () => {
    outside = tempDir('hls-studio-outside-')
    outsideClip = await makeClip(outside.path, 'private home video', { seconds: 1 })
    t = await startTestServer({ addressAllowed: (address) => address === STAND_IN_PUBLIC })
    client = connectClient(t.server)
    privateServer = await startMediaHttpServer(Buffer.from('internal service answer'))
    redirector = await startMediaHttpServer(Buffer.from('never served'), {
      host: STAND_IN_PUBLIC,
      redirects: { '/redirect': privateServer.url('/media/clip.mp4'), '/to-metadata': 'http://169.254.169.254/latest/meta-data/' }
    })
  })
  afterAll(async () => {
    client?.close()
    await t?.close()
    await privateServer?.close()
    await redirector?.close()
    outside?.cleanup()
  })

  async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    const error = await promise.then(() => undefined, (e: unknown) => e)
    if (!isStudioError(error)) throw new Error(`expected a refusal, got ${JSON.stringify(error)}`)
    return { code: error.code, message: error.message }
  }

  it('refuses jobs.add of a path outside the media roots, and creates no job', async () => {
    for (const source of [outsideClip, '/etc/passwd', outside.path, join(t.workDir, '..', '..', 'etc')]) {
      const { code, message } = await refusal(client.invoke('jobs.add', { sources: [source] }))
      expect(code).toBe('INVALID_INPUT')
      expect(message).toContain('outside the folders this studio may read')
      expect(message).toContain('--media-root')
    }
    expect(await client.invoke('jobs.list')).toEqual([])
  })

  it('refuses a subtitle file, an output folder and a watch folder outside their roots', async () => {
    const inside = await makeClip(t.workDir, 'allowed', { seconds: 1 })
    const sub = await refusal(client.invoke('jobs.add', { sources: [inside], settings: { subtitles: { path: '/etc/passwd' } } }))
    expect(sub.message).toContain('The subtitle file /etc/passwd is outside the folders')
    const out = await refusal(client.invoke('jobs.add', { sources: [inside], outputDir: outside.path }))
    expect(out.message).toBe(`The output folder ${outside.path} is outside ${t.outputDir}, the output root of this studio (serve --out).`)
    // A path that climbs out of the output root with .. is judged where it really lands.
    const climbing = await refusal(client.invoke('jobs.add', { sources: [inside], outputDir: join(t.outputDir, '..', 'elsewhere') }))
    expect(climbing.message).toContain('is outside')
    const settings = await refusal(client.invoke('settings.update', { outputDir: outside.path }))
    expect(settings.message).toContain('is outside')
    const watch = await refusal(client.invoke('watch.add', { path: outside.path }))
    expect(watch.message).toContain('The watch folder')
    expect(await client.invoke('jobs.list')).toEqual([])
    expect(await client.invoke('watch.list')).toEqual([])
    expect(readdirSync(outside.path)).toEqual(['private home video.mp4'])
  })

  it('refuses a symlink inside a media root that points outside it', async () => {
    const link = join(t.workDir, 'innocent.mp4')
    symlinkSync(outsideClip, link)
    const { message } = await refusal(client.invoke('jobs.add', { sources: [link] }))
    expect(message).toContain('outside the folders')
  })

  it('walks a folder under a media root without following its links out of it', async () => {
    const shelf = join(t.workDir, 'shelf')
    mkdirSync(shelf)
    await makeClip(shelf, 'real one', { seconds: 1 })
    symlinkSync(outsideClip, join(shelf, 'linked out.mp4'))
    symlinkSync(outside.path, join(shelf, 'linked folder'))
    const added = await client.invoke('jobs.add', { sources: [shelf], target: null })
    expect(added.created.map((j) => j.title)).toEqual(['real one'])
    expect(added.skipped.map((s) => s.reason)).toEqual(['a link to a place outside the folders this studio may read', 'a link to a place outside the folders this studio may read'])
    for (const job of added.created) {
      await client.invoke('jobs.cancel', { id: job.id }).catch(() => undefined)
      await client.invoke('jobs.remove', { id: job.id })
    }
  })

  it('accepts a path under a media root and an output folder under the output root', async () => {
    const clip = await makeClip(t.workDir, 'inside', { seconds: 1 })
    const sub = join(t.outputDir, 'sub')
    mkdirSync(sub, { recursive: true })
    const added = await client.invoke('jobs.add', { sources: [clip], outputDir: sub, target: null })
    expect(added.created).toHaveLength(1)
    await client.invoke('jobs.cancel', { id: added.created[0]!.id }).catch(() => undefined)
    await client.invoke('jobs.remove', { id: added.created[0]!.id })
  })

  it('refuses URL sources on loopback and metadata addresses at once, without a request', async () => {
    for (const url of [privateServer.url('/media/clip.mp4'), 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:9/clip.mp4', 'http://10.0.0.8/clip.mp4']) {
      const { code, message } = await refusal(client.invoke('jobs.add', { sources: [url] }))
      expect(code).toBe('INVALID_INPUT')
      expect(message).toMatch(/is a (loopback|linkLocal|private) address .*--allow-private-urls/)
    }
    expect(privateServer.requests).toEqual([])
  })

  it('fails a URL whose name resolves to loopback, or that redirects there, with nothing fetched from it', async () => {
    const port = new URL(privateServer.url()).port
    const viaName = `http://localhost:${port}/media/clip.mp4`
    const viaRedirect = redirector.url('/redirect')
    const viaMetadataRedirect = redirector.url('/to-metadata')
    const added = await client.invoke('jobs.add', { sources: [viaName, viaRedirect, viaMetadataRedirect], target: null, force: true })
    expect(added.created).toHaveLength(3)
    const failed = await vi.waitFor(
      async () => {
        const jobs = await client.invoke('jobs.list')
        const ended = jobs.filter((j) => added.created.some((c) => c.id === j.id) && j.status === 'FAILED')
        if (ended.length < 3) throw new Error(`waiting for the three URL jobs to fail (${ended.length} so far)`)
        return ended
      },
      { timeout: 60_000, interval: 100 }
    )
    for (const job of failed) expect(job.error?.message).toMatch(/is a (loopback|linkLocal) address .*--allow-private-urls/)
    expect(failed.find((j) => j.source.kind === 'url' && j.source.url === viaName)?.error?.message).toContain('localhost is a loopback address')
    expect(privateServer.requests).toEqual([])
    // The stand-in public host was asked, and only for its redirects.
    expect(redirector.requests.map((r) => r.path).sort()).toEqual(['/redirect', '/to-metadata'])
    expect(existsSync(join(t.dataDir, 'work'))).toBe(true)
    const downloaded = readdirSync(join(t.dataDir, 'work'), { recursive: true }).map(String)
    expect(downloaded.filter((f) => f.endsWith('.mp4'))).toEqual([])
  })
})

describe('serve --media-root', () => {
  it('refuses to start with a media root that is not a folder', async () => {
    await expect(startTestServer({ mediaRoots: ['/nonexistent/films'] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: '--media-root /nonexistent/films is not a folder.' })
  })
})

describe('serve --allow-private-urls', () => {
  it('lets URL sources reach loopback when asked to', async () => {
    const t = await startTestServer({ allowPrivateUrls: true })
    const client = connectClient(t.server)
    try {
      const added = await client.invoke('jobs.add', { sources: ['http://127.0.0.1:9/clip.mp4'], target: null })
      expect(added.created).toHaveLength(1)
    } finally {
      client.close()
      await t.close()
    }
  })
})
