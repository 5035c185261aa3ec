import type { JobProgress } from '@shared/job'

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--'
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`
}

export function progressBar(percent: number, width = 24): string {
  const clamped = Math.max(0, Math.min(100, percent))
  const filled = Math.round((clamped / 100) * width)
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`
}

/** A terminal line is at most this wide, even on a wider window: what a log or a split pane shows. */
export const LINE_WIDTH = 80
const TITLE_WIDTH = 22

/** `Season 1 · a very long episode title` → `Season 1 · a very long …`, padded to a column. */
export function fitText(text: string, width: number): string {
  const chars = [...text]
  return (chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text).padEnd(width)
}

/** Audio rungs are a0, a1…: ffmpeg's fps there counts audio frames, which means nothing to a person. */
function isAudioRung(variant: string | undefined): boolean {
  return !!variant && /^a\d+$/.test(variant)
}

/**
 * One readable line of at most `width` characters: title, stage, bar and percent always; then,
 * as long as they fit, ETA, speed, rung, segments and fps (in that order of use), shown in
 * reading order. `alsoRunning` counts the other jobs under way, which the line does not show.
 */
export function progressLine(title: string, progress: JobProgress, width = LINE_WIDTH, alsoRunning = 0): string {
  const more = alsoRunning > 0 ? ` +${alsoRunning}` : ''
  const head = [`${fitText(title, TITLE_WIDTH - more.length)}${more}`, progress.stage.toLowerCase().padEnd(11), progressBar(progress.percent, 16), `${progress.percent.toFixed(1).padStart(5)}%`].join(' ')
  const shown = progress.fps && progress.fps >= 1 && !isAudioRung(progress.currentVariant)
  /** [text, place in the line], most useful first. */
  const extras: Array<[string | undefined, number]> = [
    [progress.etaSeconds !== undefined ? `ETA ${formatDuration(progress.etaSeconds)}` : undefined, 4],
    [progress.speed ? `${progress.speed.toFixed(2)}x` : undefined, 3],
    [progress.currentVariant, 0],
    [progress.totalSegments ? `${progress.completedSegments ?? 0}/${progress.totalSegments} seg` : undefined, 1],
    [shown ? `${Math.round(progress.fps!)} fps` : undefined, 2]
  ]
  let room = width - [...head].length
  const kept: Array<[string, number]> = []
  for (const [text, place] of extras) {
    if (!text || text.length + 2 > room) continue
    kept.push([text, place])
    room -= text.length + 2
  }
  const tail = kept.sort((a, b) => a[1] - b[1]).map(([text]) => `  ${text}`).join('')
  return [...`${head}${tail}`].slice(0, width).join('')
}
