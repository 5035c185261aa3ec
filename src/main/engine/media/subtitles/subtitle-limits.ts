/**
 * Small subtitle files must not cost large resources. Two shapes were measured (issue 13):
 * a 4 MB SRT of 50k cues each spanning the film grew to 71 MB of WebVTT on a 20 s clip (a cue
 * is repeated in every segment it overlaps, RFC 8216 §3.5), about 24 GB for a 2 h film; and a
 * 170 KB ASS file of blur and nested \t animations kept a 20 s burn-in going past 200 s.
 */
import { StudioError } from '@shared/errors'
import type { Cue } from './cues'

/** A rendition may be this many times its file's text, plus a constant for headers and short files. */
export const RENDITION_GROWTH_LIMIT = 4
export const RENDITION_SLACK_BYTES = 1024 * 1024

/** Cues clipped to the source's duration; those starting after its end are dropped. */
export function clipCuesToDuration(cues: readonly Cue[], durationSeconds: number): Cue[] {
  if (!(durationSeconds > 0)) return [...cues]
  return cues.filter((c) => c.start < durationSeconds).map((c) => (c.end > durationSeconds ? { ...c, end: durationSeconds } : c))
}

export function renditionByteLimit(textBytes: number, segments: number): number {
  // Each segment repeats the WEBVTT header and its X-TIMESTAMP-MAP (~60 bytes).
  return RENDITION_GROWTH_LIMIT * textBytes + RENDITION_SLACK_BYTES + 100 * segments
}

export function renditionTooLarge(name: string, textBytes: number, limit: number): StudioError {
  return new StudioError(
    'SUBTITLES_INVALID',
    `The subtitles of ${name} would grow past ${Math.round(limit / 1024)} KB as WebVTT, from a file of ${Math.round(textBytes / 1024)} KB: ` +
      'many cues overlap for a long time (each is repeated in every segment it spans). Check the cue timings.'
  )
}

/**
 * Override tags libass renders slowly: blur and edge blur, animations (\t), clips, moves and
 * fades. Karaoke and signs use some; thousands per minute is not styling but a load.
 */
const EXPENSIVE_TAG = /\\(?:blur|be|t\(|i?clip|move|fad(?:e)?\(?)/gi
export const EXPENSIVE_TAGS_BASE = 2000
export const EXPENSIVE_TAGS_PER_SECOND = 20

/** Refuses an ASS file with more costly override tags than its duration can justify. */
export function checkAssComplexity(name: string, text: string, durationSeconds: number): void {
  const limit = EXPENSIVE_TAGS_BASE + EXPENSIVE_TAGS_PER_SECOND * Math.max(0, durationSeconds)
  const count = text.match(EXPENSIVE_TAG)?.length ?? 0
  if (count > limit) {
    throw new StudioError(
      'SUBTITLES_INVALID',
      `${name} has ${count} blur, animation, clip or move tags, more than ${Math.round(limit)} for a ${Math.round(durationSeconds)} s source: burning it in would take far too long. Simplify the styling, or add the subtitles as a selectable track instead.`
    )
  }
}

/** Burn-in gets this long on top of the encode's own budget: 20× the source's duration, at least 10 minutes. */
export function burnInTimeBudgetMs(durationSeconds: number): number {
  return 10 * 60_000 + 20 * Math.max(0, durationSeconds) * 1000
}
