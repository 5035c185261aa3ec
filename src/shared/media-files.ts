/**
 * File types by name, for the engine's folder walk and for the UI, which shows a queued
 * audio file as audio before ffprobe has looked at it.
 */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp4', '.m4v', '.mov', '.mkv', '.webm', '.avi', '.wmv', '.flv', '.f4v', '.mpg', '.mpeg', '.m2v',
  '.ts', '.mts', '.m2ts', '.3gp', '.3g2', '.ogv', '.mxf', '.vob', '.dv', '.asf', '.rm', '.rmvb', '.y4m'
])
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  '.mp3', '.m4a', '.m4b', '.aac', '.wav', '.flac', '.ogg', '.oga', '.opus', '.wma', '.aiff', '.aif',
  '.amr', '.ac3', '.eac3', '.mka', '.caf'
])

/** `.MP3` for "Interview.MP3"; "" without one. Works on paths, URLs and bare names alike. */
export function extensionOf(name: string): string {
  const base = name.split(/[\\/?#]/).filter(Boolean).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

export function isAudioFileName(name: string): boolean {
  return AUDIO_EXTENSIONS.has(extensionOf(name))
}
