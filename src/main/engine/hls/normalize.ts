import { readFile, writeFile } from 'node:fs/promises'

/**
 * Small corrections to the media playlists ffmpeg writes, so every package meets the same
 * rules whatever the ffmpeg version:
 * - ffmpeg adds EXT-X-INDEPENDENT-SEGMENTS only when it sees video keyframes, yet every
 *   AAC segment of an audio-only variant decodes on its own too;
 * - a clip shorter than half a second gets EXT-X-TARGETDURATION:0, which parsers reject.
 */
export function normalizeMediaPlaylist(text: string): string {
  let lines = text.split(/\r?\n/)
  lines = lines.map((line) => {
    const target = /^#EXT-X-TARGETDURATION:(\d+)\s*$/.exec(line)
    return target && Number(target[1]) < 1 ? '#EXT-X-TARGETDURATION:1' : line
  })
  if (!lines.includes('#EXT-X-INDEPENDENT-SEGMENTS')) {
    const typeLine = lines.findIndex((l) => l.startsWith('#EXT-X-PLAYLIST-TYPE'))
    const anchor = typeLine >= 0 ? typeLine : lines.findIndex((l) => l.startsWith('#EXT-X-MEDIA-SEQUENCE'))
    lines.splice(anchor >= 0 ? anchor + 1 : 1, 0, '#EXT-X-INDEPENDENT-SEGMENTS')
  }
  return lines.join('\n')
}

/** Normalises a playlist file in place; a missing file is left for the package check to report. */
export async function normalizePlaylistFile(path: string): Promise<void> {
  const written = await readFile(path, 'utf8').catch(() => undefined)
  if (written === undefined) return
  const normalized = normalizeMediaPlaylist(written)
  if (normalized !== written) await writeFile(path, normalized)
}
