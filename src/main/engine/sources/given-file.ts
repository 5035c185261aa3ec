import { open, readdir, stat } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { isMediaPath, pairSidecars, skipReason, SUBTITLE_EXTENSIONS, type MediaCandidate } from './folder-walk'

/** Enough of the file for file-type's signatures (MPEG-TS needs a few packets) and the text test. */
const SNIFF_BYTES = 8192
/** Containers file-type names outside video/ and audio/ that ffmpeg reads as media. */
const MEDIA_MIME = /^(video|audio)\/|^application\/(ogg|mxf|vnd\.rn-realmedia)$/

export type GivenFile = { media: MediaCandidate } | { refused: string }

/**
 * Text a person wrote: valid UTF-8, no NUL, and (almost) no control characters besides tabs
 * and line breaks. A run of one repeated control byte is data, not text.
 */
function looksLikeText(head: Buffer): boolean {
  if (head.includes(0)) return false
  let controls = 0
  for (const byte of head) if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f) controls++
  if (controls > head.length / 100) return false
  try {
    // The last bytes may cut a character in two at the end of the sniffed block.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)))
    return true
  } catch {
    return false
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * Why a file someone named cannot be a source, before it becomes a job: missing, empty, or
 * content that is plainly not video or audio (text, an image, a document). What the first
 * bytes cannot tell is left to ffprobe, so a damaged or unusual media file still gets a job
 * and its error in plain words.
 */
export async function refusalOf(path: string): Promise<string | undefined> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error)
  if (info instanceof Error) return info.code === 'ENOENT' ? 'no such file' : `the file could not be read (${info.code ?? 'error'})`
  if (!info.isFile()) return 'not a regular file'
  if (info.size === 0) return 'the file is empty (0 bytes)'
  const head = await readHead(path).catch(() => undefined)
  if (!head) return 'the file could not be read'
  const type = await fileTypeFromBuffer(head)
  if (type) return MEDIA_MIME.test(type.mime) ? undefined : `it is ${type.mime} (.${type.ext}), not video or audio`
  if (SUBTITLE_EXTENSIONS.has(extname(path).toLowerCase())) return skipReason(path)
  if (looksLikeText(head)) return 'it is a text file, not video or audio'
  return isMediaPath(path) ? undefined : skipReason(path)
}

/** Subtitle files in the same folder: `clip.srt`, `clip.en.srt` pair with `clip.mp4` as in a walked folder. */
async function subtitlesBeside(path: string): Promise<string[]> {
  const stem = basename(path, extname(path))
  const entries = await readdir(dirname(path), { withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => !e.isDirectory() && SUBTITLE_EXTENSIONS.has(extname(e.name).toLowerCase()) && e.name.startsWith(`${stem}.`))
    .map((e) => join(dirname(path), e.name))
    .sort()
}

/** One file named on its own: refused with the reason, or taken with its sidecar subtitles. */
export async function takeGivenFile(path: string): Promise<GivenFile> {
  const refused = await refusalOf(path)
  if (refused) return { refused }
  const media: MediaCandidate = { path, sidecars: [] }
  pairSidecars([media], await subtitlesBeside(path))
  return { media }
}
