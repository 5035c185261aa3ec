/** One storyboard cue: a time range and the rectangle of the sprite sheet that shows it. */
export interface StoryboardCue {
  start: number
  end: number
  /** Absolute URL of the sprite sheet. */
  image: string
  x: number
  y: number
  w: number
  h: number
}

function seconds(stamp: string): number {
  const parts = stamp.trim().split(':').map(Number)
  return parts.reduce((total, part) => total * 60 + part, 0)
}

/**
 * Reads a storyboard WebVTT (`thumbnails/storyboard.vtt`): each cue's text is the sheet,
 * relative to the VTT, with a `#xywh=x,y,w,h` fragment. Cues without one are skipped.
 */
export function parseStoryboardVtt(text: string, vttUrl: string): StoryboardCue[] {
  const cues: StoryboardCue[] = []
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/)
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l.trim() !== '')
    const timing = lines.findIndex((l) => l.includes('-->'))
    if (timing < 0) continue
    const [from, to] = lines[timing]!.split('-->')
    const target = lines[timing + 1]
    if (!from || !to || !target) continue
    const match = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)\s*$/.exec(target.trim())
    if (!match) continue
    cues.push({
      start: seconds(from),
      end: seconds(to.trim().split(/\s+/)[0] ?? to),
      image: new URL(match[1]!, vttUrl).toString(),
      x: Number(match[2]),
      y: Number(match[3]),
      w: Number(match[4]),
      h: Number(match[5])
    })
  }
  return cues.sort((a, b) => a.start - b.start)
}

/** The cue showing `time`, by binary search: the seek bar asks on every mouse move. */
export function cueAt(cues: readonly StoryboardCue[], time: number): StoryboardCue | undefined {
  let lo = 0
  let hi = cues.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const cue = cues[mid]!
    if (time < cue.start) hi = mid - 1
    else if (time >= cue.end) lo = mid + 1
    else return cue
  }
  return cues.length > 0 && time >= cues[cues.length - 1]!.start ? cues[cues.length - 1] : undefined
}
