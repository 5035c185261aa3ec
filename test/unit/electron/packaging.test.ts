/**
 * The packaging rules, checked with electron-builder's own config loader and file matchers
 * (the Electron binary cannot be downloaded here, so nothing is really packaged): ffmpeg and
 * ffprobe of every platform package leave app.asar exactly where the engine looks for them,
 * nothing else does, and the subtitle font lands where the engine finds it first.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { getFileMatchers } from 'app-builder-lib/out/fileMatcher'
import { getConfig } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundledPackageName, locateMediaBinaries, unpackedAsarPath, type BinaryName } from '../../../src/main/engine/media/binaries'
import { fontFolderCandidates, SUBTITLE_FONT_FILE } from '../../../src/main/engine/media/resources'

const ROOT = join(__dirname, '..', '..', '..')
/** Where an installed app keeps its resources, e.g. /opt/HLS Studio/resources. */
const RESOURCES = join(sep, 'opt', 'HLS Studio', 'resources')
const APP_ASAR = join(RESOURCES, 'app.asar')

const fileStat = { isDirectory: () => false, isFile: () => true, isSymbolicLink: () => false }

/** Every platform package the installers may bring, from their own optionalDependencies. */
function platformsOf(installer: string): Array<{ platform: string; arch: NodeJS.Architecture }> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', installer, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }
  return Object.keys(pkg.optionalDependencies).map((name) => {
    const [platform = '', arch = ''] = name.split('/')[1]!.split('-')
    return { platform, arch: arch as NodeJS.Architecture }
  })
}

/** The binary's path inside the app, as the engine builds it: node_modules/<package>/<name>[.exe]. */
function engineBinaryPath(name: BinaryName, platform: string, arch: NodeJS.Architecture): string {
  return join('node_modules', bundledPackageName(name, platform as NodeJS.Platform, arch), platform === 'win32' ? `${name}.exe` : name)
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
}

describe('electron-builder.yml', () => {
  let config: Configuration
  let unpacked: (relativePath: string) => boolean

  beforeAll(async () => {
    config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null)
    const matchers = getFileMatchers(config, 'asarUnpack', APP_ASAR, { macroExpander: (p) => p, customBuildOptions: config.linux ?? {}, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT })
    expect(matchers).not.toBeNull()
    const filter = matchers![0]!.createFilter()
    unpacked = (path) => filter(join(ROOT, path), fileStat as never)
  })

  it('targets AppImage and deb, dmg, and NSIS', () => {
    const targets = (options: unknown) => JSON.stringify(options)
    expect(targets(config.linux?.target)).toContain('AppImage')
    expect(targets(config.linux?.target)).toContain('deb')
    expect(targets(config.mac?.target)).toContain('dmg')
    expect(targets(config.win?.target)).toContain('nsis')
    expect(config.asar).toBe(true)
  })

  it('unpacks ffmpeg and ffprobe of every platform package, at the path the engine turns into app.asar.unpacked', () => {
    const expected = new Set<string>()
    for (const name of ['ffmpeg', 'ffprobe'] as const) {
      for (const { platform, arch } of platformsOf(`@${name}-installer/${name}`)) {
        const path = engineBinaryPath(name, platform, arch)
        expected.add(path)
        expect(unpacked(path), path).toBe(true)
        // electron-builder writes unpacked files beside the archive under the same relative path.
        expect(unpackedAsarPath(join(APP_ASAR, path))).toBe(join(RESOURCES, 'app.asar.unpacked', path))
      }
    }
    expect(expected.size).toBeGreaterThanOrEqual(16)
  })

  it('the binaries this machine resolves are among them', () => {
    const { ffmpeg, ffprobe } = locateMediaBinaries({}, {})
    for (const binary of [ffmpeg, ffprobe]) expect(unpacked(relative(ROOT, binary.path)), binary.path).toBe(true)
  })

  it('unpacks nothing else: the installers’ other files, the app code, other packages', () => {
    const installed = [...filesUnder('node_modules/@ffmpeg-installer'), ...filesUnder('node_modules/@ffprobe-installer')]
    const binaries = installed.filter((path) => /[\\/](ffmpeg|ffprobe)(\.exe)?$/.test(path) && !path.includes(`${sep}ffmpeg${sep}`) && !path.includes(`${sep}ffprobe${sep}`))
    expect(binaries.length).toBeGreaterThanOrEqual(2)
    for (const path of installed) expect(unpacked(path), path).toBe(binaries.includes(path))
    for (const path of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json', 'node_modules/zod/package.json', 'node_modules/@ffmpeg-installer/ffmpeg/index.js', 'resources/fonts/DejaVuSans.ttf']) {
      expect(unpacked(path), path).toBe(false)
    }
  })

  it('puts the subtitle font in <resources>/fonts, the first folder the engine looks in', () => {
    const matchers = getFileMatchers(config, 'extraResources', RESOURCES, { macroExpander: (p) => p, customBuildOptions: config.linux ?? {}, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT }) ?? []
    const font = join(ROOT, 'resources', 'fonts', SUBTITLE_FONT_FILE)
    const landing = matchers.filter((m) => font.startsWith(`${m.from}${sep}`) && m.createFilter()(font, fileStat as never)).map((m) => join(m.to, relative(m.from, font)))
    const firstLooked = fontFolderCandidates(join(APP_ASAR, 'out', 'main'), RESOURCES)[0]!
    expect(landing).toEqual([join(firstLooked, SUBTITLE_FONT_FILE)])
  })
})
