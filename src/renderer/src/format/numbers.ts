const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

/** "1.4 GB": decimal units, as operating systems and buckets show sizes. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–'
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000
    unit += 1
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`
}

/** "4.2 Mbit/s": bitrates the way players and encoders show them. */
export function formatBitrate(bitsPerSecond: number | undefined): string {
  if (bitsPerSecond === undefined || !Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) return '–'
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(bitsPerSecond >= 10_000_000 ? 0 : 1)} Mbit/s`
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`
}

/** Whole percent, never "100%" before the work has really ended. */
export function formatPercent(percent: number | undefined, finished = false): string {
  if (finished) return '100%'
  if (percent === undefined || !Number.isFinite(percent)) return '0%'
  return `${Math.min(99, Math.max(0, Math.floor(percent)))}%`
}

/** "29.97" or "30": frame rates without noise. */
export function formatFrameRate(fps: number | undefined): string {
  if (fps === undefined || !Number.isFinite(fps) || fps <= 0) return '–'
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(2).replace(/0+$/, '')
}
