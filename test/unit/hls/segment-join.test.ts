import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { foldRuntTail, joinSegmentBytes } from '../../../src/main/engine/hls/segment-join'

function box(type: string, body: string): Buffer {
  const payload = Buffer.from(body)
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

const topTypes = (bytes: Buffer): string[] => {
  const types: string[] = []
  for (let at = 0; at < bytes.length; at += bytes.readUInt32BE(at)) types.push(bytes.toString('latin1', at + 4, at + 8))
  return types
}

describe('joining segments without re-encoding', () => {
  it('concatenates MPEG-TS packets as they are', () => {
    const a = Buffer.alloc(188 * 2, 0x47)
    const b = Buffer.alloc(188, 0x11)
    b[0] = 0x47
    expect(joinSegmentBytes([a, b])).toEqual(Buffer.concat([a, b]))
  })

  it('keeps every moof+mdat fragment of fMP4 segments, one styp and no stale sidx', () => {
    const first = Buffer.concat([box('styp', 'msdh'), box('sidx', 'one'), box('moof', 'f1'), box('mdat', 'AAAA')])
    const second = Buffer.concat([box('styp', 'msdh'), box('sidx', 'two'), box('moof', 'f2'), box('mdat', 'BB')])
    const joined = joinSegmentBytes([first, second])
    expect(topTypes(joined)).toEqual(['styp', 'moof', 'mdat', 'moof', 'mdat'])
    expect(joined.toString('latin1')).toContain('AAAA')
    expect(joined.toString('latin1')).toContain('BB')
  })

  it('refuses an fMP4 segment cut through a box', () => {
    const broken = Buffer.concat([box('moof', 'f1'), box('mdat', 'AAAA')]).subarray(0, 20)
    expect(() => joinSegmentBytes([box('moof', 'x'), broken])).toThrow(/whole boxes/)
  })
})

describe('folding a runt tail', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const playlist = (durations: number[], target = 6) =>
    ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD',
      ...durations.flatMap((d, i) => [`#EXTINF:${d.toFixed(6)},`, `seg_${i}.ts`]), '#EXT-X-ENDLIST', ''].join('\n')

  function writePackage(durations: number[]): string {
    dir = mkdtempSync(join(tmpdir(), 'fold-'))
    durations.forEach((_, i) => writeFileSync(join(dir, `seg_${i}.ts`), Buffer.alloc(188 * (i + 1), 0x47)))
    writeFileSync(join(dir, 'index.m3u8'), playlist(durations))
    return join(dir, 'index.m3u8')
  }

  it('joins a last segment shorter than a third of the segment length into the one before', async () => {
    const path = writePackage([6, 6, 0.1])
    expect(await foldRuntTail(path, 6)).toBe(true)
    const text = readFileSync(path, 'utf8')
    expect(text).toContain('#EXTINF:6.100000,\nseg_1.ts\n#EXT-X-ENDLIST')
    expect(text).not.toContain('seg_2.ts')
    expect(existsSync(join(dir, 'seg_2.ts'))).toBe(false)
    expect(readFileSync(join(dir, 'seg_1.ts')).length).toBe(188 * 2 + 188 * 3)
  })

  it('raises the target duration when the joined segment rounds above it', async () => {
    const path = writePackage([6, 6, 1.9])
    expect(await foldRuntTail(path, 6)).toBe(true)
    expect(readFileSync(path, 'utf8')).toContain('#EXT-X-TARGETDURATION:8')
  })

  it('leaves a tail of a third or more, and a source that is one short segment', async () => {
    expect(await foldRuntTail(writePackage([6, 6, 2]), 6)).toBe(false)
    rmSync(dir, { recursive: true })
    expect(await foldRuntTail(writePackage([0.4]), 6)).toBe(false)
  })
})
