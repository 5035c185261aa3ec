/**
 * "5.1.6" from "ffmpeg version 5.1.6-0+deb12u1 Copyright…", or "git N-47683" for a nightly
 * build such as the bundled one ("ffmpeg version N-47683-g0e8eb07980-static https://…").
 */
export function shortFfmpegVersion(full: string): string {
  const token = /version\s+(\S+)/.exec(full)?.[1] ?? full.trim().split(/\s+/)[0] ?? ''
  const release = /^n?(\d+(?:\.\d+)+)/.exec(token)
  if (release) return release[1]!
  const nightly = /^(N-\d+)/.exec(token)
  if (nightly) return `git ${nightly[1]}`
  return token || 'unknown'
}
