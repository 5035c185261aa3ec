/**
 * Private content plays: through the local playback proxy (rewritten playlists, presigned or
 * proxied segments) and through a share link, checked object by object and in Chromium
 * with hls.js. Every presigned URL passes the independent SigV4 check in the test proxy.
 */
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import * as HLS from 'hls-parser'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublishedLocation } from '../../../src/shared/job'
import type { EncodeJobResult } from '../../../src/main/engine/pipeline/encode-job'
import { applyPlaybackCors } from '../../../src/main/engine/storage/cors'
import { PlaybackProxy } from '../../../src/main/engine/storage/playback-proxy'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import { S3StorageProvider } from '../../../src/main/engine/storage/s3-storage-provider'
import { createShareLink, parseShareExpiry } from '../../../src/main/engine/storage/share-link'
import { TargetClients } from '../../../src/main/engine/storage/target-clients'
import { launchChromium } from '../../helpers/browser'
import { HLSJS_DIR, HLSJS_PLAYER_PAGE, playUntilAdvanced } from '../../helpers/hlsjs-player'
import { encodeFile } from '../../helpers/encode'
import { testJob } from '../../helpers/hls-package'
import { makeClip } from '../../helpers/media'
import { checkSigV4 } from '../../helpers/sigv4-check'
import { S3RVER_ACCESS_KEY_ID } from '../../helpers/s3-server'
import { serveFolders, type StaticServer } from '../../helpers/static-server'
import { LAB_BUCKET, LAB_SECRET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

type Media = HLS.types.MediaPlaylist
type Master = HLS.types.MasterPlaylist

async function fetchText(url: string): Promise<{ status: number; text: string; type: string | null }> {
  const answer = await fetch(url)
  return { status: answer.status, text: await answer.text(), type: answer.headers.get('content-type') }
}

describe('private buckets', () => {
  let lab: StorageLab
  let encoded: EncodeJobResult
  let published: PublishedLocation
  let clients: TargetClients
  let provider: S3StorageProvider
  let browser: Browser | undefined
  let page: StaticServer | undefined

  beforeAll(async () => {
    lab = await startStorageLab()
    await lab.addTarget('vault', { visibility: 'private' })
    const clip = await makeClip(lab.workDir, 'secret-cut', { width: 640, height: 360, seconds: 6 })
    encoded = await encodeFile(clip, join(lab.workDir, 'out'), { segmentSeconds: 2, ladder: [360, 240], images: false })
    const { manifest, outputs } = encoded
    const job = testJob({ id: manifest.jobId, slug: manifest.slug, title: manifest.title, outputDir: join(lab.workDir, 'out'), createdAt: manifest.createdAt })
    published = await new S3Publisher({ targets: lab.registry }).publish({ job, packageDir: outputs.dir, manifest, targetName: 'vault' })
    clients = new TargetClients(lab.registry)
    provider = new S3StorageProvider({ targets: lab.registry })
  })
  afterAll(async () => {
    clients?.close()
    provider?.close()
    await browser?.close()
    await page?.close()
    await lab?.close()
  })

  /** Opens the master, every media playlist and every segment as a player would; compares bytes. */
  async function fetchAllThrough(masterUrl: string): Promise<{ segmentUrls: string[] }> {
    const master = await fetchText(masterUrl)
    expect(master.status).toBe(200)
    expect(master.type).toBe('application/vnd.apple.mpegurl')
    const parsed = HLS.parse(master.text) as Master
    expect(parsed.isMasterPlaylist).toBe(true)
    expect(parsed.variants.map((v) => v.bandwidth)).toEqual(encoded.manifest.variants.map((v) => v.bandwidth))
    const segmentUrls: string[] = []
    for (const [index, variant] of parsed.variants.entries()) {
      const media = await fetchText(variant.uri)
      expect(media.status).toBe(200)
      const playlist = HLS.parse(media.text) as Media
      const local = HLS.parse(await readFile(join(encoded.outputs.dir, encoded.manifest.variants[index]!.playlist), 'utf8')) as Media
      expect(playlist.segments.map((s) => s.duration)).toEqual(local.segments.map((s) => s.duration))
      expect(playlist.endlist).toBe(true)
      for (const [n, segment] of playlist.segments.entries()) {
        const answer = await fetch(segment.uri)
        expect(answer.status, segment.uri).toBe(200)
        const bytes = Buffer.from(await answer.arrayBuffer())
        const original = await readFile(join(encoded.outputs.dir, dirname(encoded.manifest.variants[index]!.playlist), local.segments[n]!.uri))
        expect(bytes.equals(original)).toBe(true)
        segmentUrls.push(segment.uri)
      }
    }
    return { segmentUrls }
  }

  it('is private: the bucket refuses an unsigned GET of the master', async () => {
    expect(published.publicUrl).toBeUndefined()
    expect((await fetch(published.masterPlaylistUrl)).status).toBe(403)
  })

  it('plays through the local proxy with presigned segments', async () => {
    const proxy = new PlaybackProxy({ objects: provider })
    await proxy.start()
    try {
      const url = proxy.playbackUrl('vault', `${published.keyPrefix}/master.m3u8`)
      expect(new URL(url).hostname).toBe('127.0.0.1')
      const { segmentUrls } = await fetchAllThrough(url)
      expect(segmentUrls.length).toBeGreaterThan(0)
      for (const segment of segmentUrls) expect(new URL(segment).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
      // The signatures are really checked: one segment's signature does not open another.
      const [first, second] = segmentUrls as [string, string]
      const borrowed = new URL(second)
      borrowed.searchParams.set('X-Amz-Signature', new URL(first).searchParams.get('X-Amz-Signature')!)
      expect((await fetch(borrowed)).status).toBe(403)
      // Another session's token is refused.
      expect((await fetch(url.replace(proxy.token, 'not-the-token'))).status).toBe(403)
    } finally {
      await proxy.close()
    }
  })

  it('plays through the local proxy with proxied segments', async () => {
    const proxy = new PlaybackProxy({ objects: provider, segments: 'proxy' })
    await proxy.start()
    try {
      const { segmentUrls } = await fetchAllThrough(proxy.playbackUrl('vault', `${published.keyPrefix}/master.m3u8`))
      for (const segment of segmentUrls) expect(segment.startsWith(proxy.origin)).toBe(true)
    } finally {
      await proxy.close()
    }
  })

  it('plays from a share link, whose URLs expire together', async () => {
    const { client, target } = await clients.get('vault')
    const share = await createShareLink({ client, target, keyPrefix: published.keyPrefix, expiresInSeconds: parseShareExpiry('3d') })
    // Both variants and the audio rendition they share.
    expect(share.playlists).toBe(3)
    expect(new URL(share.url).searchParams.get('X-Amz-Expires')).toBe(String(3 * 86_400))
    await fetchAllThrough(share.url)

    const secrets = new Map([[S3RVER_ACCESS_KEY_ID, LAB_SECRET]])
    const url = new URL(share.url)
    const later = new Date(Date.now() + 3 * 86_400_000 + 60_000)
    expect(checkSigV4({ method: 'GET', url: url.pathname + url.search, headers: { host: url.host } }, { secrets, now: later })).toMatchObject({ ok: false, message: 'Request has expired' })
    expect(() => parseShareExpiry('8d')).toThrow(/at most 7 days/)
  })

  it('plays in Chromium with hls.js, through the proxy and through a share link', async () => {
    const { client, target } = await clients.get('vault')
    // Presigned segments are fetched cross-origin: the bucket needs the studio's CORS rule.
    await applyPlaybackCors(client, target.bucket, ['*'])
    // The player page is the studio's own page here: the proxy answers CORS to it and to nobody else.
    const proxy = new PlaybackProxy({ objects: provider, allowedOrigins: () => (page ? [page.url] : []) })
    await proxy.start()
    try {
      browser = await launchChromium()
      page = await serveFolders({ '/hlsjs/': HLSJS_DIR }, { '/player.html': HLSJS_PLAYER_PAGE })
      const share = await createShareLink({ client, target, keyPrefix: published.keyPrefix, expiresInSeconds: 3600 })
      for (const src of [proxy.playbackUrl('vault', `${published.keyPrefix}/master.m3u8`), share.url]) {
        expect(await playUntilAdvanced(browser, `${page.url}/player.html`, src)).toHaveLength(2)
      }
    } finally {
      await proxy.close()
    }
  })
})
