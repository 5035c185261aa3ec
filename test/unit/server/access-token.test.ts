import { describe, expect, it } from 'vitest'
import { bearerToken, chooseToken, isLoopbackHost, tokenMatches } from '../../../src/main/server/access-token'
import { safeUploadName } from '../../../src/main/server/uploads'

describe('serve access', () => {
  it('knows loopback addresses from network ones', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true)
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'nas.local', '128.0.0.1', '::ffff:10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false)
  })

  it('needs a given token on a network address, and makes one up only on loopback', () => {
    expect(() => chooseToken('0.0.0.0', undefined)).toThrow(/reachable from the network/)
    expect(chooseToken('0.0.0.0', 'a-long-enough-secret-token')).toEqual({ token: 'a-long-enough-secret-token', generated: false })
    expect(() => chooseToken('127.0.0.1', 'short')).toThrow(/at least 16/)
    expect(() => chooseToken('127.0.0.1', 'has a space in it, sadly')).toThrow(/without spaces/)
    const made = chooseToken('127.0.0.1', undefined)
    expect(made.generated).toBe(true)
    expect(made.token).not.toBe(chooseToken('127.0.0.1', undefined).token)
  })

  it('reads Bearer tokens and compares them exactly', () => {
    expect(bearerToken('Bearer abc')).toBe('abc')
    expect(bearerToken('bearer   abc  ')).toBe('abc')
    expect(bearerToken('Basic abc')).toBeUndefined()
    expect(bearerToken(undefined)).toBeUndefined()
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('ab', 'abc')).toBe(false)
    expect(tokenMatches(undefined, 'abc')).toBe(false)
  })

  it('keeps only the last path segment of an uploaded file name, without control characters or leading dots', () => {
    expect(safeUploadName('../../etc/passwd')).toBe('passwd')
    expect(safeUploadName('C:\\Users\\me\\clip.mp4')).toBe('clip.mp4')
    expect(safeUploadName('..')).toBeUndefined()
    expect(safeUploadName('.bashrc')).toBe('bashrc')
    expect(safeUploadName('a\u0000b\nc.mov')).toBe('abc.mov')
    expect(safeUploadName('Épisode 1 — 東京.mkv')).toBe('Épisode 1 — 東京.mkv')
    expect(safeUploadName('')).toBeUndefined()
    expect(safeUploadName(42)).toBeUndefined()
  })
})
