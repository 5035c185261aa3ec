import { describe, expect, it } from 'vitest'
import { chunkWorkId, checkRedisUrl, redisUrlForLog } from '../../../src/main/engine/distributed/chunk-queue'
import { withInput } from '../../../src/main/engine/distributed/remote-chunk-processor'
import { mapSourcePath, parsePathMap } from '../../../src/main/engine/distributed/worker-paths'
import type { ChunkJob } from '../../../src/main/engine/chunks/chunk-job'
import { sourceInputArgs } from '../../../src/main/engine/media/source-input'

describe('what a worker is given', () => {
  it('maps a coordinator path by the longest matching prefix, and only at folder boundaries', () => {
    const maps = [parsePathMap('/Volumes/Media=/mnt/media'), parsePathMap('/Volumes/Media/Films/=/srv/films')]
    expect(mapSourcePath('/Volumes/Media/clip.mp4', maps)).toBe('/mnt/media/clip.mp4')
    expect(mapSourcePath('/Volumes/Media/Films/a.mkv', maps)).toBe('/srv/films/a.mkv')
    expect(mapSourcePath('/Volumes/MediaOther/a.mkv', maps)).toBe('/Volumes/MediaOther/a.mkv')
    expect(() => parsePathMap('relative=/mnt')).toThrow(/two absolute folders joined by "="/)
    expect(() => parsePathMap('/only-one')).toThrow(/--path-map/)
  })

  it('swaps the source input and its protocols, nothing else', () => {
    const args = ['-hide_banner', '-ss', '4.000000', ...sourceInputArgs('/media/film.mp4'), '-filter_complex', 'x', 'chunks/c00001/v0.mp4']
    const chunk = { index: 1, sourcePath: '/media/film.mp4', args } as unknown as ChunkJob
    const swapped = withInput(chunk, 'http://127.0.0.1:4000/source', 'http,tcp')
    expect(swapped[swapped.indexOf('-i') + 1]).toBe('http://127.0.0.1:4000/source')
    expect(swapped[swapped.indexOf('-protocol_whitelist') + 1]).toBe('http,tcp')
    expect(swapped.filter((a, i) => a !== args[i])).toEqual(['http,tcp', 'http://127.0.0.1:4000/source'])
    expect(() => withInput({ ...chunk, sourcePath: '/elsewhere.mp4' }, 'x', 'file')).toThrow(/no source input/)
  })

  it('checks Redis URLs and keeps their password out of logs', () => {
    expect(redisUrlForLog('redis://:s3cret@nas:6379')).toBe('redis://:***@nas:6379')
    expect(() => checkRedisUrl('http://nas:6379')).toThrow(/starts with redis:\/\/ or rediss:\/\//)
    expect(() => checkRedisUrl('nas:6379:x')).toThrow()
    expect(chunkWorkId('job-1', 3, 2)).toBe('job-1-c3-a2')
  })
})
