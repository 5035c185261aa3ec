import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import chardet from 'chardet'
import iconv from 'iconv-lite'
import { StudioError } from '@shared/errors'

export type SubtitleFormat = 'srt' | 'ass' | 'vtt'

export interface SubtitleText {
  path: string
  format: SubtitleFormat
  /** The file's text, always as a JS string (so UTF-8 once written back). */
  text: string
  /** The encoding the bytes were in, e.g. "UTF-8" or "windows-1252". */
  encoding: string
}

const MAX_SUBTITLE_BYTES = 20 * 1024 * 1024

/**
 * Subtitle files from Windows tools are often Windows-1252 or UTF-16. Valid UTF-8 is taken
 * as UTF-8 (accented Latin-1 text is almost never valid UTF-8); otherwise chardet guesses
 * and iconv-lite converts.
 */
export function decodeSubtitleBytes(bytes: Buffer): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8' }
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    // not UTF-8: guess below
  }
  const guess = chardet.detect(bytes)
  // As browsers do (WHATWG Encoding), Latin-1 is read as Windows-1252: the same letters, plus
  // the curly quotes and dashes that Windows tools write in 0x80–0x9F.
  const encoding = !guess || guess === 'ISO-8859-1' || !iconv.encodingExists(guess) ? 'windows-1252' : guess
  return { text: iconv.decode(bytes, encoding), encoding }
}

/** By extension, else by what the text looks like. */
export function subtitleFormatOf(path: string, text: string): SubtitleFormat | undefined {
  const ext = extname(path).toLowerCase()
  if (ext === '.srt') return 'srt'
  if (ext === '.vtt' || ext === '.webvtt') return 'vtt'
  if (ext === '.ass' || ext === '.ssa') return 'ass'
  const head = text.replace(/^\uFEFF/, '').trimStart()
  if (head.startsWith('WEBVTT')) return 'vtt'
  if (/^\[Script Info\]/i.test(head)) return 'ass'
  if (/^\d+\s*\r?\n\s*\d+:\d{2}:\d{2}[,.]\d{1,3}\s+-->/.test(head)) return 'srt'
  return undefined
}

export async function readSubtitleFile(path: string): Promise<SubtitleText> {
  const name = basename(path)
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) throw new StudioError('FILE_NOT_FOUND', `Subtitle file not found: ${path}`)
  if (info.size === 0) throw new StudioError('SUBTITLES_INVALID', `The subtitle file is empty (${name}).`)
  if (info.size > MAX_SUBTITLE_BYTES) {
    throw new StudioError('SUBTITLES_INVALID', `The subtitle file is too large to be subtitles (${name}, ${info.size} bytes).`)
  }
  const { text, encoding } = decodeSubtitleBytes(await readFile(path))
  const format = subtitleFormatOf(path, text)
  if (!format) {
    throw new StudioError('SUBTITLES_INVALID', `Not a subtitle file the studio reads (${name}): use SRT, ASS/SSA or WebVTT.`)
  }
  return { path, format, text: text.replace(/^\uFEFF/, ''), encoding }
}
