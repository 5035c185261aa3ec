import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { StudioError } from '@shared/errors'
import { unpackedAsarPath } from './binaries'

/** The font libass gets for burned-in subtitles (resources/fonts/LICENSE.txt). */
export const SUBTITLE_FONT_FILE = 'DejaVuSans.ttf'
export const SUBTITLE_FONT_FAMILY = 'DejaVu Sans'

/** Electron sets this in a packaged app; plain Node does not have it. */
function electronResourcesPath(): string | undefined {
  const value = (process as NodeJS.Process & { resourcesPath?: unknown }).resourcesPath
  return typeof value === 'string' ? value : undefined
}

/**
 * Where the fonts folder might be: in a packaged app, beside app.asar (extraResources) or
 * unpacked from it (ffmpeg is a separate process and cannot read inside the archive); from
 * source or a build, the repository's resources/ folder some levels above this module.
 */
export function fontFolderCandidates(moduleDir: string, resourcesPath = electronResourcesPath()): string[] {
  const candidates: string[] = []
  if (resourcesPath) {
    candidates.push(
      join(resourcesPath, 'fonts'),
      join(resourcesPath, 'resources', 'fonts'),
      join(resourcesPath, 'app.asar.unpacked', 'resources', 'fonts')
    )
  }
  let dir = moduleDir
  for (let depth = 0; depth < 6; depth++) {
    candidates.push(unpackedAsarPath(join(dir, 'resources', 'fonts')))
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return candidates
}

let cached: string | undefined

/** The folder holding the subtitle font, or a plain-words error when the install lost it. */
export function subtitleFontsDir(): string {
  if (cached) return cached
  const moduleDir = dirname(fileURLToPath(import.meta.url))
  const found = fontFolderCandidates(moduleDir).find((dir) => existsSync(join(dir, SUBTITLE_FONT_FILE)))
  if (!found) {
    throw new StudioError(
      'INTERNAL',
      `The subtitle font ${SUBTITLE_FONT_FILE} is missing from this installation (looked in resources/fonts). Reinstall HLS Studio.`
    )
  }
  cached = found
  return found
}
