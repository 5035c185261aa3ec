import { createHash, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ANY_ORIGIN, PLAYBACK_CORS_RULE_ID, reportCors, withPlaybackRule } from '../../../src/main/engine/storage/cors'
import { localEtagLike, remoteMatchesLocal } from '../../../src/main/engine/storage/remote-listing'
import { parseShareExpiry } from '../../../src/main/engine/storage/share-link'
import { tempDir } from '../../helpers/media'

describe('CORS report', () => {
  const site = { ID: 'site', AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'HEAD'] }
  it('matches exact, wildcard and any-origin rules the way S3 does', () => {
    expect(reportCors([], [ANY_ORIGIN])).toMatchObject({ allowsPlayback: false, rules: 0 })
    expect(reportCors([site], ['https://www.example.com']).allowsPlayback).toBe(true)
    expect(reportCors([site], ['https://example.org']).allowsPlayback).toBe(false)
    expect(reportCors([site], [ANY_ORIGIN]).detail).toMatch(/any website/)
    expect(reportCors([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], ['http://127.0.0.1:8686']).allowsPlayback).toBe(false)
  })

  it('adds its own rule once and keeps the others', () => {
    const once = withPlaybackRule([site], ['*'])
    const twice = withPlaybackRule(once, ['http://127.0.0.1:8686'])
    expect(twice.map((r) => r.ID)).toEqual(['site', PLAYBACK_CORS_RULE_ID])
    expect(twice[1]!.AllowedOrigins).toEqual(['http://127.0.0.1:8686'])
  })
})

describe('ETags of local files', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  const MIB = 1024 * 1024
  const data = randomBytes(5 * MIB + 123)
  const path = join(dir.path, 'file.bin')
  writeFileSync(path, data)
  const md5 = (b: Buffer) => createHash('md5').update(b).digest()

  it('computes the single-part MD5 and the multipart md5-of-md5s S3 would give', async () => {
    expect(await localEtagLike(path, md5(data).toString('hex'), 2 * MIB)).toBe(md5(data).toString('hex'))
    const parts = [data.subarray(0, 2 * MIB), data.subarray(2 * MIB, 4 * MIB), data.subarray(4 * MIB)]
    const multipart = `${md5(Buffer.concat(parts.map(md5))).toString('hex')}-3`
    expect(await localEtagLike(path, multipart, 2 * MIB)).toBe(multipart)
    // Another part size: the ETag cannot be reproduced, so only the size is compared.
    expect(await localEtagLike(path, `${'0'.repeat(32)}-7`, 2 * MIB)).toBeUndefined()
  })

  it('says a remote object matches only with the same size and, where known, the same MD5', async () => {
    const local = { localPath: path, bytes: data.length }
    expect(await remoteMatchesLocal({ key: 'k', size: data.length, etag: md5(data).toString('hex') }, local, 8 * MIB)).toBe(true)
    expect(await remoteMatchesLocal({ key: 'k', size: data.length, etag: '0'.repeat(32) }, local, 8 * MIB)).toBe(false)
    expect(await remoteMatchesLocal({ key: 'k', size: data.length - 1 }, local, 8 * MIB)).toBe(false)
  })
})

describe('share link lifetimes', () => {
  it.each([
    ['7d', 604_800],
    ['3d', 259_200],
    ['36h', 129_600],
    ['90m', 5_400],
    ['3600', 3_600]
  ])('%s is %i seconds', (text, seconds) => expect(parseShareExpiry(text)).toBe(seconds))

  it('refuses more than 7 days and nonsense', () => {
    expect(() => parseShareExpiry('169h')).toThrow(/at most 7 days/)
    expect(() => parseShareExpiry('soon')).toThrow(/not a duration/)
  })
})
