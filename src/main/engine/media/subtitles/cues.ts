/** Subtitle cues and the two plain-text formats the studio reads and writes itself: SRT and WebVTT. */

export interface Cue {
  /** Seconds from the start of the source. */
  start: number
  end: number
  /** Cue payload in WebVTT syntax (lines joined with \n). */
  text: string
  /** WebVTT cue settings, e.g. "align:start line:0", kept as written. */
  settings?: string
}

/** "01:02:03,450", "01:02:03.450" or "02:03.450" → seconds. */
export function parseTimestamp(text: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})$/.exec(text.trim())
  if (!match) return undefined
  const [, h, m, s, frac] = match
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(frac!.padEnd(3, '0')) / 1000
}

/** Seconds → "HH:MM:SS.mmm" (WebVTT) or "HH:MM:SS,mmm" (SRT). */
export function formatTimestamp(seconds: number, separator: '.' | ',' = '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000))
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`
}

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)(.*)$/

/** Blocks separated by blank lines; a cue never contains a blank line in either format. */
function blocksOf(text: string): string[][] {
  const blocks: string[][] = []
  let current: string[] = []
  for (const line of text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current)
      current = []
    } else current.push(line)
  }
  if (current.length > 0) blocks.push(current)
  return blocks
}

/** SRT's b/i/u tags mean the same in WebVTT; others (e.g. `<font color>`) are dropped, `{\an8}` too. */
const KEPT_SRT_TAGS = /^<\/?[biu]>$/i

export function srtTextToWebVtt(text: string): string {
  return text
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/<[^>]*>|[<>]|&(?!(?:amp|lt|gt|nbsp|lrm|rlm|#\d+|#x[0-9a-f]+);)/gi, (piece) => {
      if (piece === '&') return '&amp;'
      if (piece === '<') return '&lt;'
      if (piece === '>') return '&gt;'
      return KEPT_SRT_TAGS.test(piece) ? piece.toLowerCase() : ''
    })
    .trim()
}

function cueFrom(timing: RegExpExecArray, textLines: string[]): Cue | undefined {
  const start = parseTimestamp(timing[1]!)
  const end = parseTimestamp(timing[2]!)
  if (start === undefined || end === undefined || end <= start) return undefined
  const settings = timing[3]!.trim()
  return { start, end, text: textLines.join('\n'), settings: settings || undefined }
}

/** SRT: optional index line, a timing line, text lines. Broken blocks are skipped, not fatal. */
export function parseSrt(text: string): Cue[] {
  const cues: Cue[] = []
  for (const lines of blocksOf(text)) {
    const at = lines.findIndex((l) => TIMING.test(l))
    if (at < 0) continue
    // SRT may carry pixel positions (X1:… Y2:…) after the timing; WebVTT cannot use them.
    const cue = cueFrom(TIMING.exec(lines[at]!)!, lines.slice(at + 1).map(srtTextToWebVtt))
    if (cue) cues.push({ ...cue, settings: undefined })
  }
  return cues.sort((a, b) => a.start - b.start)
}

/** WebVTT: header, then cues; NOTE, STYLE and REGION blocks are skipped. */
export function parseWebVtt(text: string): Cue[] {
  const cues: Cue[] = []
  const blocks = blocksOf(text)
  if (!/^WEBVTT/.test(blocks[0]?.[0] ?? '')) return cues
  for (const lines of blocks.slice(1)) {
    if (/^(NOTE|STYLE|REGION)\b/.test(lines[0] ?? '')) continue
    const at = lines.findIndex((l) => TIMING.test(l))
    if (at < 0 || at > 1) continue
    const cue = cueFrom(TIMING.exec(lines[at]!)!, lines.slice(at + 1))
    if (cue) cues.push(cue)
  }
  return cues.sort((a, b) => a.start - b.start)
}

export function renderWebVttCue(cue: Cue): string {
  const settings = cue.settings ? ` ${cue.settings}` : ''
  return `${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}${settings}\n${cue.text}`
}

/** WebVTT payload → SRT text libass renders: WebVTT's own tags other than b/i/u go. */
function webVttTextToSrt(text: string): string {
  return text
    .replace(/<\/?(c|v|lang|ruby|rt)(\.[\w.-]+)?(\s[^>]*)?>/gi, '')
    .replace(/<\d{2}:[\d:.]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
}

export function renderSrt(cues: readonly Cue[]): string {
  return cues
    .map((cue, i) => `${i + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${webVttTextToSrt(cue.text)}\n`)
    .join('\n')
}
