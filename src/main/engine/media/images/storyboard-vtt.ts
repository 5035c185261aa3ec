import { formatTimestamp } from '../subtitles/cues'
import type { SheetLayout, Size } from './image-plan'

/** The first sheet keeps the plain name players and people expect; later ones are numbered. */
export function storyboardSheetName(index: number): string {
  return index === 0 ? 'storyboard.jpg' : `storyboard-${index + 1}.jpg`
}

export interface StoryboardTile {
  start: number
  end: number
  sheet: string
  x: number
  y: number
  width: number
  height: number
}

export interface StoryboardInput {
  tileCount: number
  layout: SheetLayout
  tile: Size
  intervalSeconds: number
  durationSeconds: number
}

/** Tile i shows time i × interval until the next tile (the last one until the end). */
export function storyboardTiles(input: StoryboardInput): StoryboardTile[] {
  const perSheet = input.layout.columns * input.layout.rows
  const tiles: StoryboardTile[] = []
  for (let i = 0; i < input.tileCount; i++) {
    const start = Math.min(i * input.intervalSeconds, input.durationSeconds)
    const end = i === input.tileCount - 1 ? input.durationSeconds : Math.min((i + 1) * input.intervalSeconds, input.durationSeconds)
    if (end <= start) break
    const cell = i % perSheet
    tiles.push({
      start,
      end,
      sheet: storyboardSheetName(Math.floor(i / perSheet)),
      x: (cell % input.layout.columns) * input.tile.width,
      y: Math.floor(cell / input.layout.columns) * input.tile.height,
      width: input.tile.width,
      height: input.tile.height
    })
  }
  return tiles
}

/** The WebVTT thumbnail track players use for scrubbing previews (`sheet.jpg#xywh=x,y,w,h`). */
export function renderStoryboardVtt(tiles: readonly StoryboardTile[]): string {
  const cues = tiles.map(
    (t) => `${formatTimestamp(t.start)} --> ${formatTimestamp(t.end)}\n${t.sheet}#xywh=${t.x},${t.y},${t.width},${t.height}`
  )
  return ['WEBVTT', ...cues].join('\n\n') + '\n'
}
