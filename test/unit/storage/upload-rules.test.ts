import { describe, expect, it } from 'vitest'
import { cacheControlFor, contentTypeFor } from '../../../src/main/engine/storage/content-headers'
import { keyPrefixValues, renderKeyPrefix, staticPrefixOf, titleSegment } from '../../../src/main/engine/storage/key-prefix'
import { bucketObjectUrl, publishedUrls } from '../../../src/main/engine/storage/object-urls'
import { DEFAULT_PART_SIZE, MAX_PARTS, partCountFor, partSizeFor } from '../../../src/main/engine/storage/part-size'
import { backoffDelayMs } from '../../../src/main/engine/retry'
import { STORAGE_RETRY_POLICY } from '../../../src/main/engine/storage/retry'
import { resolveTargetInput } from '../../../src/shared/targets'

const MIB = 1024 * 1024
const GIB = 1024 * MIB

describe('part sizes', () => {
  it('keeps the default for ordinary files', () => {
    expect(partSizeFor(100 * MIB)).toBe(DEFAULT_PART_SIZE)
  })

  it('grows in whole MiB so any file fits in 10,000 parts', () => {
    for (const bytes of [80 * GIB, 200 * GIB + 17, 1024 * GIB, 5 * 1024 * GIB]) {
      const size = partSizeFor(bytes)
      expect(size % MIB).toBe(0)
      expect(partCountFor(bytes, size)).toBeLessThanOrEqual(MAX_PARTS)
      expect(size).toBeGreaterThanOrEqual(5 * MIB)
    }
  })

  it('refuses objects S3 cannot hold', () => {
    expect(() => partSizeFor(5 * 1024 * GIB + 1)).toThrow(/5 TiB/)
  })
})

describe('content headers', () => {
  it.each([
    ['master.m3u8', 'application/vnd.apple.mpegurl'],
    ['v0/seg_001.ts', 'video/mp2t'],
    ['v0/seg_001.m4s', 'video/mp4'],
    ['v0/init.mp4', 'video/mp4'],
    ['subs/en.vtt', 'text/vtt'],
    ['thumbnails/poster.jpg', 'image/jpeg'],
    ['thumbnails/sprite.webp', 'image/webp'],
    ['thumbnails/grid.png', 'image/png'],
    ['job.json', 'application/json'],
    ['a0/seg_000.aac', 'audio/aac']
  ])('%s is %s', (path, type) => expect(contentTypeFor(path)).toBe(type))

  it('caches segments for long and playlists briefly, private when the bucket is', () => {
    expect(cacheControlFor('segment', 'public')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlFor('playlist', 'public')).toBe('public, max-age=60')
    expect(cacheControlFor('master', 'private')).toBe('private, max-age=60')
  })
})

describe('key prefixes and URLs', () => {
  const job = { slug: 'episode-1', id: 'job-1234', title: 'Épisode 1: Le/Début?', createdAt: '2026-02-03T23:59:00.000Z' }

  it('fills every token and drops empty parts', () => {
    expect(renderKeyPrefix('{slug}/{jobId}', keyPrefixValues(job))).toBe('episode-1/job-1234')
    expect(renderKeyPrefix('/videos//{date}/{title}/', keyPrefixValues(job))).toBe('videos/2026-02-03/Épisode-1-Le-Début')
    expect(titleSegment('///')).toBe('untitled')
  })

  it('finds the fixed folder before the first token', () => {
    expect(staticPrefixOf('{slug}/{jobId}')).toBe('')
    expect(staticPrefixOf('media/hls/{slug}/{jobId}')).toBe('media/hls')
    expect(staticPrefixOf('media/ep-{jobId}')).toBe('media')
  })

  it('builds path-style, virtual-hosted, AWS and CDN URLs', () => {
    const minio = resolveTargetInput({ name: 'm', provider: 'minio', endpoint: 'http://nas:9000', bucket: 'media' })
    expect(bucketObjectUrl(minio, 'a b/master.m3u8')).toBe('http://nas:9000/media/a%20b/master.m3u8')
    const aws = resolveTargetInput({ name: 'a', provider: 's3', region: 'eu-west-3', bucket: 'media' })
    expect(bucketObjectUrl(aws, 'x/master.m3u8')).toBe('https://media.s3.eu-west-3.amazonaws.com/x/master.m3u8')
    const cdn = resolveTargetInput({ name: 'c', provider: 'r2', endpoint: 'https://acc.r2.cloudflarestorage.com', bucket: 'media', publicBaseUrl: 'https://cdn.example.com/' })
    expect(publishedUrls(cdn, 'x/master.m3u8')).toEqual({ masterPlaylistUrl: 'https://cdn.example.com/x/master.m3u8', publicUrl: 'https://cdn.example.com/x/master.m3u8' })
    const vault = resolveTargetInput({ name: 'v', provider: 'r2', endpoint: 'https://acc.r2.cloudflarestorage.com', bucket: 'media', visibility: 'private' })
    expect(publishedUrls(vault, 'x/master.m3u8').publicUrl).toBeUndefined()
  })
})

describe('backoff', () => {
  const policy = STORAGE_RETRY_POLICY
  it('doubles, stays within its ceiling, and is jittered by at most half', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(150)
    expect(backoffDelayMs(1, policy, () => 1)).toBe(300)
    expect(backoffDelayMs(3, policy, () => 1)).toBe(1200)
    expect(backoffDelayMs(10, policy, () => 1)).toBe(8000)
    expect(backoffDelayMs(10, policy, () => 0)).toBe(4000)
  })
})
