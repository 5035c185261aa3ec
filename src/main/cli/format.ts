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

/** One readable line: stage, rung, bar, percent, speed and ETA. */
export function progressLine(label: string, progress: JobProgress): string {
  const parts = [label, progress.stage.padEnd(11), progressBar(progress.percent), `${progress.percent.toFixed(1).padStart(5)}%`]
  if (progress.currentVariant) parts.push(progress.currentVariant)
  if (progress.totalSegments) parts.push(`${progress.completedSegments ?? 0}/${progress.totalSegments} segments`)
  if (progress.fps) parts.push(`${Math.round(progress.fps)} fps`)
  if (progress.speed) parts.push(`${progress.speed.toFixed(2)}x`)
  if (progress.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(progress.etaSeconds)}`)
  return parts.join('  ')
}
