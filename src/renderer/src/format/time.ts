/** "1:02:03" or "4:05": how long a piece of media runs. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–'
  const total = Math.round(seconds)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`
}

/** "about 3 min left": an ETA is an estimate, so it is rounded the way a person would say it. */
export function formatEta(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined
  if (seconds < 10) return 'a few seconds left'
  if (seconds < 60) return `${Math.round(seconds / 5) * 5} s left`
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`
  const h = Math.floor(seconds / 3600)
  const m = Math.round((seconds % 3600) / 60)
  return m > 0 ? `${h} h ${m} min left` : `${h} h left`
}

/** "2 min ago", "yesterday", or a date: when something happened, relative to now. */
export function formatRelativeTime(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '–'
  const then = Date.parse(iso)
  if (!Number.isFinite(then)) return '–'
  const diff = Math.max(0, now - then) / 1000
  if (diff < 45) return 'just now'
  if (diff < 3600) return `${Math.max(1, Math.round(diff / 60))} min ago`
  if (diff < 86_400) return `${Math.round(diff / 3600)} h ago`
  if (diff < 2 * 86_400) return 'yesterday'
  return new Date(then).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

/** "in 3 days" / "on 12 Mar, 14:00": when a share link stops working. */
export function formatExpiry(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'does not expire'
  const at = Date.parse(iso)
  if (!Number.isFinite(at)) return '–'
  const hours = (at - now) / 3_600_000
  if (hours <= 0) return 'expired'
  if (hours < 1) return `expires in ${Math.max(1, Math.round(hours * 60))} min`
  if (hours < 48) return `expires in ${Math.round(hours)} h`
  return `expires in ${Math.round(hours / 24)} days`
}

/** "4 s ago", "3 min ago": a heartbeat, which is seconds old when all is well. */
export function formatSecondsAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (!Number.isFinite(seconds)) return '–'
  return seconds < 90 ? `${seconds} s ago` : formatRelativeTime(iso, now)
}
