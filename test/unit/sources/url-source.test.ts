import { describe, expect, it } from 'vitest'
import { isMediaContentType } from '../../../src/main/engine/sources/url-download'
import { fileNameFromUrl, isHttpUrl, redactUrl } from '../../../src/main/engine/sources/url-source'

describe('URL sources', () => {
  it('recognises http(s) URLs and nothing else', () => {
    expect(isHttpUrl('https://bucket.r2.dev/a.mp4')).toBe(true)
    expect(isHttpUrl('HTTP://host/a.mp4')).toBe(true)
    expect(isHttpUrl('/home/me/https.mp4')).toBe(false)
    expect(isHttpUrl('ftp://host/a.mp4')).toBe(false)
  })

  it('keeps signatures and passwords out of anything shown or logged', () => {
    const presigned =
      'https://acct.r2.cloudflarestorage.com/bucket/Episode%201.mp4?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20250101&X-Amz-Signature=deadbeef'
    expect(redactUrl(presigned)).toBe('https://acct.r2.cloudflarestorage.com/bucket/Episode%201.mp4?…')
    expect(redactUrl('https://user:hunter2@host:8443/v.mp4')).toBe('https://host:8443/v.mp4')
    expect(redactUrl('not a url')).toBe('(not a valid URL)')
  })

  it('names the downloaded file after the URL path, safely', () => {
    expect(fileNameFromUrl('https://h/videos/Episode%201.mp4?sig=1')).toBe('Episode 1.mp4')
    expect(fileNameFromUrl('https://h/%C3%89pisode.mov')).toBe('Épisode.mov')
    // An encoded path separator never becomes one: the file stays in its work folder.
    expect(fileNameFromUrl('https://h/a/..%2F..%2Fetc%2Fpasswd')).toBe('_.._etc_passwd')
    expect(fileNameFromUrl('https://h/')).toBe('download')
    expect(fileNameFromUrl('https://h/.hidden')).toBe('hidden')
  })

  it('accepts media and object-store content types, refuses pages, documents and playlists', () => {
    for (const ok of ['video/mp4', 'video/quicktime', 'audio/mpeg', 'application/octet-stream', 'binary/octet-stream', 'application/mp4', undefined, '']) {
      expect(isMediaContentType(ok)).toBe(true)
    }
    for (const bad of ['text/html; charset=utf-8', 'application/json', 'application/xml', 'text/plain', 'application/vnd.apple.mpegurl', 'audio/mpegurl', 'image/jpeg']) {
      expect(isMediaContentType(bad)).toBe(false)
    }
  })
})
