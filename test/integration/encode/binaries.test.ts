/** Finding ffmpeg: explicit path > environment > bundled, repaired when npm skipped chmod, cached per binary identity. */
import { chmodSync, copyFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundledPackageName, ensureExecutable, locateBinary, resolveOnPath, unpackedAsarPath } from '../../../src/main/engine/media/binaries'
import { CapabilityCache } from '../../../src/main/engine/media/capabilities'
import { FFMPEG, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

function script(name: string, body: string): string {
  const path = join(work.path, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

describe('locating ffmpeg', () => {
  const explicit = script('ffmpeg-explicit', 'exit 0')
  const fromEnv = script('ffmpeg-env', 'exit 0')

  it('prefers an explicit path, then the environment, then the bundled binary', () => {
    const env = { HLS_STUDIO_FFMPEG: fromEnv }
    expect(locateBinary('ffmpeg', { ffmpeg: explicit }, env)).toEqual({ name: 'ffmpeg', path: explicit, source: 'explicit' })
    expect(locateBinary('ffmpeg', {}, env)).toEqual({ name: 'ffmpeg', path: fromEnv, source: 'env' })
    const bundled = locateBinary('ffmpeg', {}, {})
    expect(bundled.source).toBe('bundled')
    expect(bundled.path).toContain(`node_modules/${bundledPackageName('ffmpeg')}/ffmpeg`)
  })

  it('finds a bare command name on PATH (the system binary)', () => {
    script('ffprobe', 'exit 0')
    expect(resolveOnPath('ffprobe', { PATH: `/nonexistent:${work.path}` })).toBe(join(work.path, 'ffprobe'))
    expect(() => resolveOnPath('ffprobe', { PATH: '/nonexistent' })).toThrow(/No `ffprobe` found on PATH/)
  })

  it('repairs the bundled binary npm left without its execute bit, and no other file', () => {
    const copy = join(work.path, 'ffmpeg-no-exec')
    copyFileSync(FFMPEG, copy)
    chmodSync(copy, 0o644)
    expect(() => locateBinary('ffmpeg', { ffmpeg: copy })).toThrow(`${copy} is not executable, so it was not used as ffmpeg. HLS Studio does not change the mode of files it did not install.`)
    expect(() => locateBinary('ffmpeg', {}, { HLS_STUDIO_FFMPEG: copy })).toThrow(/is not executable/)
    expect(statSync(copy).mode & 0o777).toBe(0o644)
    // What locateBinary does for the bundled binary (source 'bundled'), on a copy of it.
    ensureExecutable(copy, 'ffmpeg', { repair: true })
    expect(statSync(copy).mode & 0o111).not.toBe(0)
  })

  it('says plainly when the binary is missing', () => {
    expect(() => locateBinary('ffmpeg', { ffmpeg: join(work.path, 'gone') })).toThrow(/ffmpeg not found at .*gone/)
    expect(() => locateBinary('ffprobe', { ffprobe: work.path })).toThrow(/is not a file/)
  })

  it('runs binaries from beside app.asar in a packaged app', () => {
    expect(unpackedAsarPath('/opt/HLS Studio/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe(
      '/opt/HLS Studio/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg'
    )
    expect(unpackedAsarPath('C:\\Apps\\HLS\\resources\\app.asar\\node_modules\\x\\ffmpeg.exe')).toBe(
      'C:\\Apps\\HLS\\resources\\app.asar.unpacked\\node_modules\\x\\ffmpeg.exe'
    )
  })
})

describe('capability cache', () => {
  it('asks the binary once, again only when the binary changes, and remembers across restarts', async () => {
    const calls = join(work.path, 'calls.log')
    writeFileSync(calls, '')
    const counting = script('ffmpeg-counting', `echo x >> "${calls}"\nexec "${FFMPEG}" "$@"`)
    const count = () => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length
    const file = join(work.path, 'cache', 'caps.json')

    const cache = new CapabilityCache(file)
    const caps = await cache.get(counting)
    expect(caps.encoders).toContain('libx264')
    expect(caps.filters).toContain('split')
    expect(caps.version).toMatch(/^ffmpeg version/)
    const perDetection = count()
    expect(perDetection).toBe(5)
    await cache.get(counting)
    expect(count()).toBe(perDetection)

    expect((await new CapabilityCache(file).get(counting)).encoders).toEqual(caps.encoders)
    expect(count()).toBe(perDetection)

    const later = new Date(Date.now() + 5000)
    utimesSync(counting, later, later)
    await cache.get(counting)
    expect(count()).toBe(2 * perDetection)
    await cache.get(counting, { refresh: true })
    expect(count()).toBe(3 * perDetection)
  })
})
