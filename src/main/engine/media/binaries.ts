import { accessSync, chmodSync, constants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path'
import { StudioError } from '@shared/errors'

export type BinaryName = 'ffmpeg' | 'ffprobe'
export type BinarySource = 'explicit' | 'env' | 'bundled'

export interface BinaryLocation {
  name: BinaryName
  path: string
  source: BinarySource
}

export interface BinaryOverrides {
  ffmpeg?: string
  ffprobe?: string
}

const ENV_VARS: Record<BinaryName, string> = {
  ffmpeg: 'HLS_STUDIO_FFMPEG',
  ffprobe: 'HLS_STUDIO_FFPROBE'
}

const INSTALLER_SCOPES: Record<BinaryName, string> = {
  ffmpeg: '@ffmpeg-installer',
  ffprobe: '@ffprobe-installer'
}

/** The npm package that carries the binary for this platform, e.g. `@ffmpeg-installer/linux-x64`. */
export function bundledPackageName(name: BinaryName, platform = process.platform, arch = process.arch): string {
  return `${INSTALLER_SCOPES[name]}/${platform}-${arch}`
}

/**
 * Inside a packaged app the binaries sit in `app.asar.unpacked`, beside the archive:
 * a file inside `app.asar` can be read by Electron's fs patch but cannot be executed.
 */
export function unpackedAsarPath(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

const requireFromHere = createRequire(import.meta.url)

function bundledPath(name: BinaryName): string {
  const pkg = bundledPackageName(name)
  let pkgJson: string
  try {
    pkgJson = requireFromHere.resolve(`${pkg}/package.json`)
  } catch {
    throw new StudioError(
      'FFMPEG_MISSING',
      `No bundled ${name} for this platform (${process.platform}-${process.arch}): the package ${pkg} is not installed. ` +
        `Reinstall with \`npm ci\`, or point ${ENV_VARS[name]} (or --${name}) at an ${name} executable.`
    )
  }
  const exe = process.platform === 'win32' ? `${name}.exe` : name
  return unpackedAsarPath(join(dirname(pkgJson), exe))
}

/**
 * npm 11 may skip the installer's `chmod u+x` postinstall, so a fresh install can hold a
 * bundled binary that is not executable: that one file, inside our own install, is repaired.
 * Any other path (Settings, a flag, the environment) must already be an executable regular
 * file: the studio never changes the mode of a file it did not install (a browser could
 * otherwise name an uploaded script, or make a private key world-readable).
 */
export function ensureExecutable(path: string, name: BinaryName, options: { repair?: boolean } = {}): void {
  let isFile: boolean
  try {
    isFile = statSync(path).isFile()
  } catch {
    throw new StudioError('FFMPEG_MISSING', `${name} not found at ${path}.`)
  }
  if (!isFile) throw new StudioError('FFMPEG_MISSING', `${name} path ${path} is not a file.`)
  if (process.platform === 'win32') return
  try {
    accessSync(path, constants.X_OK)
    return
  } catch {
    if (!options.repair) {
      throw new StudioError('FFMPEG_MISSING', `${path} is not executable, so it was not used as ${name}. HLS Studio does not change the mode of files it did not install.`)
    }
  }
  try {
    chmodSync(path, 0o755)
    accessSync(path, constants.X_OK)
  } catch {
    throw new StudioError(
      'FFMPEG_MISSING',
      `${basename(path)} at ${path} is not executable and its mode could not be changed. Run: chmod +x "${path}"`
    )
  }
}

/** A bare command name such as `ffmpeg` means "the one on PATH" (the system binary). */
export function resolveOnPath(command: string, env = process.env): string {
  if (isAbsolute(command) || /[\\/]/.test(command)) return command
  const exts = process.platform === 'win32' ? ['.exe', ''] : ['']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const candidate = join(dir, command + ext)
      try {
        if (statSync(candidate).isFile()) return candidate
      } catch {
        // not in this folder
      }
    }
  }
  throw new StudioError('FFMPEG_MISSING', `No \`${command}\` found on PATH. Install it, or give the full path.`)
}

/** Order of choice: an explicit path (setting or flag) > environment variable > bundled binary. */
export function locateBinary(name: BinaryName, overrides: BinaryOverrides = {}, env = process.env): BinaryLocation {
  const explicit = overrides[name]
  const fromEnv = env[ENV_VARS[name]]
  const location: BinaryLocation = explicit
    ? { name, path: resolveOnPath(explicit, env), source: 'explicit' }
    : fromEnv
      ? { name, path: resolveOnPath(fromEnv, env), source: 'env' }
      : { name, path: bundledPath(name), source: 'bundled' }
  ensureExecutable(location.path, name, { repair: location.source === 'bundled' })
  return location
}

export interface MediaBinaries {
  ffmpeg: BinaryLocation
  ffprobe: BinaryLocation
}

export function locateMediaBinaries(overrides: BinaryOverrides = {}, env = process.env): MediaBinaries {
  return { ffmpeg: locateBinary('ffmpeg', overrides, env), ffprobe: locateBinary('ffprobe', overrides, env) }
}
