import { resolve } from 'node:path'

/**
 * How ffmpeg and ffprobe open a creator's source file. A local source is read only through
 * demuxers that make sense for a media file: an HLS playlist, a concat list or an image
 * sequence saved under a video name would otherwise pull other files from anywhere on the
 * disk into the output (the hls and concat demuxers follow the paths inside them). The file
 * is named by an absolute `file:` URL, so a name that starts with `-` or holds `:` or `|` is a
 * file name, never an option or a protocol.
 */
export const MEDIA_DEMUXERS = [
  // Video containers
  'mov', 'mp4', 'matroska', 'webm', 'mpegts', 'mpeg', 'avi', 'flv', 'asf', 'mxf', 'dv', 'ogg', 'nut', 'gxf', 'wtv', 'rm', 'ivf',
  'yuv4mpegpipe', 'mpegvideo', 'h264', 'hevc', 'm4v', 'vc1', 'obu',
  // Audio
  'mp3', 'aac', 'ac3', 'eac3', 'dts', 'dtshd', 'truehd', 'mlp', 'flac', 'wav', 'w64', 'aiff', 'caf', 'amr', 'amrnb', 'amrwb', 'ape', 'wv',
  'tta', 'au', 'mpc', 'mpc8', 'opus', 'shn', 'tak', 'xwma', 'dsf', 'loas', 'latm'
] as const

/** Only plain files: no http, no concat:, no pipes, no data: URLs, whatever the file contains. */
export const SOURCE_PROTOCOLS = 'file'

export function sourceUrl(path: string): string {
  return `file:${resolve(path)}`
}

/** The options that confine how a source is opened; they go right before its `-i` (or its name, for ffprobe). */
export function sourceOpenOptions(): string[] {
  return ['-format_whitelist', MEDIA_DEMUXERS.join(','), '-protocol_whitelist', SOURCE_PROTOCOLS]
}

/** `-i` for a source file, confined. */
export function sourceInputArgs(path: string): string[] {
  return [...sourceOpenOptions(), '-i', sourceUrl(path)]
}
