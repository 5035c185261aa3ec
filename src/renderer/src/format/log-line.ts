const STAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) \[(info|warn|error)\] (.*)$/s

function clock(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

/** One log line as the Log panel shows it: local time, a level only when it matters, the text. */
export function formatLogLine(at: string, level: string, line: string): string {
  return `${clock(at)}  ${level === 'info' ? '' : `${level.toUpperCase()}  `}${line}`
}

/** A line of `jobs.log` ("2026-…Z [info] text"), shown like a streamed one. */
export function formatStoredLogLine(stored: string): string {
  const match = STAMPED.exec(stored)
  return match ? formatLogLine(match[1]!, match[2]!, match[3]!) : stored
}
