import { open } from 'node:fs/promises'

/** What a file's first bytes say it is, when that is something the studio refuses before ffmpeg opens it. */
export type DisguisedSource = 'hls-playlist' | 'concat-list' | 'still-image'

const HEAD_BYTES = 4096

/** Magic numbers of single still pictures (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIF/AVIF stills). */
function isStillImage(head: Buffer): boolean {
  const ascii = (from: number, to: number): string => head.subarray(from, to).toString('latin1')
  if (head.length < 12) return false
  if (head[0] === 0x89 && ascii(1, 4) === 'PNG') return true
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return true
  if (ascii(0, 4) === 'GIF8') return true
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return true
  if (ascii(0, 2) === 'BM' && head.readUInt32LE(2) > 0 && head.readUInt32LE(6) === 0) return true
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return true
  // ISO BMFF still images: 'ftyp' with a HEIF/AVIF still brand (image sequences use hevc/avis).
  return ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'mif1', 'avif'].includes(ascii(8, 12))
}

/** Text lines before any NUL byte; a media file has binary bytes in its first kilobytes. */
function textLines(head: Buffer): string[] | undefined {
  if (head.includes(0)) return undefined
  return head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
}

/** Pure: the first bytes of a file in, what it is disguised as (or undefined for "looks like media") out. */
export function classifyHead(head: Buffer): DisguisedSource | undefined {
  if (isStillImage(head)) return 'still-image'
  const lines = textLines(head)
  if (!lines || lines.length === 0) return undefined
  if (/^#EXTM3U/.test(lines[0]!)) return 'hls-playlist'
  if (/^ffconcat\s+version\b/i.test(lines[0]!)) return 'concat-list'
  // An ffmpeg concat list: directives, the first real one naming a file to read.
  const first = lines.find((l) => !l.startsWith('#'))
  if (first && /^file\s+\S/.test(first)) return 'concat-list'
  return undefined
}

export async function sniffSource(path: string): Promise<DisguisedSource | undefined> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(HEAD_BYTES)
    const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0)
    return classifyHead(head.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}
