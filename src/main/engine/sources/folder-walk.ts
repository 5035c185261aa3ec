import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { AUDIO_EXTENSIONS, VIDEO_EXTENSIONS } from '@shared/media-files'
import { isInsideAny } from './path-confinement'

export { AUDIO_EXTENSIONS, VIDEO_EXTENSIONS } from '@shared/media-files'
export const SUBTITLE_EXTENSIONS = new Set(['.srt', '.vtt', '.ass', '.ssa'])

export interface SidecarSubtitle {
  path: string
  /** Language from `name.<lang>.srt`, when present. */
  language?: string
}

export interface MediaCandidate {
  path: string
  sidecars: SidecarSubtitle[]
}

export interface SkippedFile {
  path: string
  reason: string
}

export interface WalkOptions {
  /** Folders the walk may reach through symbolic links (serve's media roots); absent: anywhere. */
  confineTo?: readonly string[]
}

export interface WalkResult {
  media: MediaCandidate[]
  skipped: SkippedFile[]
}

export function isMediaPath(path: string): boolean {
  const ext = extname(path).toLowerCase()
  return VIDEO_EXTENSIONS.has(ext) || AUDIO_EXTENSIONS.has(ext)
}

/**
 * `clip.en.srt` → { stem: "clip", language: "en" }; `clip.srt` → { stem: "clip" }.
 * Tags are written in their usual case: `clip.PT-br.vtt` → "pt-BR", `clip.ENG.ass` → "eng".
 */
export function parseSubtitleName(path: string): { stem: string; language?: string } {
  const name = basename(path, extname(path))
  const match = /^(.*)\.([a-z]{2,3})(?:-([a-z0-9]{2,8}))?$/i.exec(name)
  if (!match) return { stem: name }
  const region = match[3] ? `-${match[3].length === 2 ? match[3].toUpperCase() : match[3]}` : ''
  return { stem: match[1]!, language: `${match[2]!.toLowerCase()}${region}` }
}

function stemOf(path: string): string {
  return basename(path, extname(path))
}

export function skipReason(path: string): string {
  const ext = extname(path).toLowerCase()
  if (!ext) return 'no file extension, so not recognised as video or audio'
  if (SUBTITLE_EXTENSIONS.has(ext)) return 'subtitle file with no video of the same name beside it'
  return `not a video or audio file type (${ext})`
}

/**
 * Walks a folder recursively. Symlinked folders are followed once: a real path seen before
 * (a symlink loop, or two links to one folder) is not entered again.
 */
export async function walkFolder(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const media: MediaCandidate[] = []
  const skipped: SkippedFile[] = []
  const subtitles: string[] = []
  const visited = new Set<string>()
  /** Real path of each media file taken, so two links to one file give one job. */
  const mediaByRealPath = new Map<string, string>()

  async function visit(dir: string): Promise<void> {
    let real: string
    try {
      real = await realpath(dir)
    } catch {
      skipped.push({ path: dir, reason: 'folder could not be read (broken link?)' })
      return
    }
    if (visited.has(real)) return
    visited.add(real)
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      skipped.push({ path: dir, reason: `folder could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` })
      return
    }
    entries.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))
    for (const entry of entries) {
      const path = join(dir, entry.name)
      if (entry.name.startsWith('.')) continue
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => undefined)
        if (!target) {
          skipped.push({ path, reason: 'broken symbolic link' })
          continue
        }
        isDir = target.isDirectory()
        isFile = target.isFile()
        if (!isInsideAny(options.confineTo, path)) {
          skipped.push({ path, reason: 'a link to a place outside the folders this studio may read' })
          continue
        }
      }
      if (isDir) await visit(path)
      else if (isFile) {
        const ext = extname(entry.name).toLowerCase()
        if (isMediaPath(path)) {
          const realFile = await realpath(path).catch(() => path)
          const first = mediaByRealPath.get(realFile)
          if (first) skipped.push({ path, reason: `the same file as ${first} (linked), taken once` })
          else {
            mediaByRealPath.set(realFile, path)
            media.push({ path, sidecars: [] })
          }
        } else if (SUBTITLE_EXTENSIONS.has(ext)) subtitles.push(path)
        else skipped.push({ path, reason: skipReason(path) })
      }
    }
  }

  await visit(root)

  skipped.push(...pairSidecars(media, subtitles))
  return { media, skipped }
}

/**
 * Gives each subtitle file to the media file of the same stem in its folder (`clip.en.srt` →
 * `clip.mp4`); returns the subtitles no media file owns, with the reason.
 */
export function pairSidecars(media: MediaCandidate[], subtitles: readonly string[]): SkippedFile[] {
  const unpaired: SkippedFile[] = []
  for (const sub of subtitles) {
    const { stem, language } = parseSubtitleName(sub)
    const owner =
      media.find((m) => dirname(m.path) === dirname(sub) && stemOf(m.path) === stem) ??
      // `clip.srt` beside `clip.mp4`, where the stem itself looked like a language suffix.
      media.find((m) => dirname(m.path) === dirname(sub) && stemOf(m.path) === stemOf(sub))
    if (owner) owner.sidecars.push(stemOf(owner.path) === stem ? { path: sub, language } : { path: sub })
    else unpaired.push({ path: sub, reason: skipReason(sub) })
  }
  return unpaired
}
