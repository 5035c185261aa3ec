import { parse, types } from 'hls-parser'
import { describe, expect, it } from 'vitest'
import {
  grabAt,
  nearestKeyframe,
  planVideoImages,
  posterSize,
  sheetLayout,
  storyboardInterval,
  type RungSegments
} from '../../../src/main/engine/media/images/image-plan'
import { buildFrameGrabArgs } from '../../../src/main/engine/media/images/image-args'
import { renderStoryboardVtt, storyboardTiles } from '../../../src/main/engine/media/images/storyboard-vtt'
import {
  renderSubtitlePlaylist,
  renderWebVttSegment,
  subtitleTrackName,
  windowsFromDurations
} from '../../../src/main/engine/media/subtitles/webvtt-rendition'

describe('WebVTT segments', () => {
  const cues = [
    { start: 0.5, end: 1.5, text: 'one' },
    { start: 5.5, end: 6.5, text: 'crossing', settings: 'line:0' },
    { start: 13, end: 14, text: 'after the end' }
  ]
  const windows = windowsFromDurations([6, 6, 1])

  it('puts each cue in every segment it overlaps, with the video’s first timestamp as the map', () => {
    const texts = windows.map((w) => renderWebVttSegment(cues, w, 1.48))
    expect(texts[0]).toBe(
      'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000\n\n00:00:00.500 --> 00:00:01.500\none\n\n00:00:05.500 --> 00:00:06.500 line:0\ncrossing\n'
    )
    expect(texts[1]).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000\n\n00:00:05.500 --> 00:00:06.500 line:0\ncrossing\n')
    expect(texts[2]).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:133200,LOCAL:00:00:00.000\n')
  })

  it('writes a VOD playlist with the video’s durations that a real parser reads', () => {
    const playlist = parse(renderSubtitlePlaylist(windows)) as types.MediaPlaylist
    expect(playlist.segments.map((s) => [s.uri, s.duration])).toEqual([
      ['seg_00000.vtt', 6],
      ['seg_00001.vtt', 6],
      ['seg_00002.vtt', 1]
    ])
    expect([playlist.targetDuration, playlist.playlistType, playlist.endlist]).toEqual([6, 'VOD', true])
  })

  it('names the track in words', () => {
    expect(subtitleTrackName('fr')).toBe('French')
    expect(subtitleTrackName('pt-BR')).toBe('Brazilian Portuguese')
    expect(subtitleTrackName('und')).toBe('Subtitles')
  })
})

function rung(id: string, width: number, height: number, durations: number[], init?: string): RungSegments {
  return {
    id,
    width,
    height,
    playlist: `${id}/index.m3u8`,
    init,
    segments: durations.map((d, i) => ({ path: `${id}/seg_${String(i).padStart(5, '0')}.ts`, durationSeconds: d }))
  }
}

describe('image planning', () => {
  const ladder = [rung('v0', 1920, 1080, [6, 6, 6, 2]), rung('v1', 1280, 720, [6, 6, 6, 2]), rung('v2', 640, 360, [6, 6, 6, 2])]

  it('cuts each picture from the smallest rung big enough, at keyframes', () => {
    const plan = planVideoImages(ladder, 20, 2)
    expect(plan.poster).toEqual({ grab: { timeSeconds: 2, segment: 'v1/seg_00000.ts', init: undefined, offsetSeconds: 2 }, size: { width: 1280, height: 720 } })
    expect(plan.grid.tile).toEqual({ width: 320, height: 180 })
    expect(plan.grid.grabs.map((g) => [g.timeSeconds, g.segment, g.offsetSeconds])).toEqual([
      [4, 'v2/seg_00000.ts', 4],
      [8, 'v2/seg_00001.ts', 2],
      [12, 'v2/seg_00002.ts', 0],
      [16, 'v2/seg_00002.ts', 4]
    ])
    expect(plan.storyboard).toEqual({ playlist: 'v2/index.m3u8', intervalSeconds: 2, tile: { width: 160, height: 90 } })
  })

  it('keeps keyframes inside the media and intervals on keyframes', () => {
    expect(nearestKeyframe(0.13, 2, 1.3)).toBe(0)
    expect(nearestKeyframe(19.9, 2, 20)).toBe(18)
    expect(storyboardInterval(20, 2)).toBe(2)
    expect(storyboardInterval(7200, 2)).toBe(10)
    expect(storyboardInterval(1800, 1.6666666666666667)).toBeCloseTo(6.6667, 3)
    expect(posterSize({ width: 3840, height: 2160 })).toEqual({ width: 1280, height: 720 })
    expect(posterSize({ width: 1080, height: 1920 })).toEqual({ width: 720, height: 1280 })
    expect(grabAt(rung('v0', 10, 10, [6, 6, 1.5]), 13)).toMatchObject({ segment: 'v0/seg_00002.ts', offsetSeconds: 1 })
  })

  it('reads fMP4 grabs only once joined to their init segment, never through concat:', () => {
    const plan = planVideoImages([rung('v0', 640, 360, [4, 4], 'v0/init.mp4')], 8, 2)
    expect(() => buildFrameGrabArgs(plan, '.work/tiles/%05d.jpg')).toThrow('The grab from v0/seg_00000.ts still needs its init segment joined to it.')
    const joined = { ...plan, poster: { ...plan.poster, grab: { ...plan.poster.grab, init: undefined, segment: '.work/tiles/grab-0.mp4' } }, grid: { ...plan.grid, grabs: plan.grid.grabs.map((g, i) => ({ ...g, init: undefined, segment: `.work/tiles/grab-${i + 1}.mp4` })) } }
    const args = buildFrameGrabArgs(joined, '.work/tiles/%05d.jpg')
    expect(args).toContain('.work/tiles/grab-0.mp4')
    expect(args.some((a) => a.startsWith('concat:'))).toBe(false)
    expect(args.filter((a) => a === '-skip_frame')).toHaveLength(6)
  })
})

describe('storyboard sheets', () => {
  it('lays out at most 10×10 tiles a sheet, no bigger than a short clip needs', () => {
    expect(sheetLayout(5)).toEqual({ columns: 5, rows: 1, sheets: 1 })
    expect(sheetLayout(37)).toEqual({ columns: 10, rows: 4, sheets: 1 })
    expect(sheetLayout(720)).toEqual({ columns: 10, rows: 10, sheets: 8 })
  })

  it('gives every tile a rectangle inside its sheet and cues that cover the duration', () => {
    const layout = sheetLayout(720)
    const tiles = storyboardTiles({ tileCount: 720, layout, tile: { width: 160, height: 90 }, intervalSeconds: 10, durationSeconds: 7195.5 })
    for (const t of tiles) {
      expect(t.x + t.width).toBeLessThanOrEqual(layout.columns * 160)
      expect(t.y + t.height).toBeLessThanOrEqual(layout.rows * 90)
    }
    expect(new Set(tiles.map((t) => t.sheet)).size).toBe(8)
    expect(tiles[100]).toMatchObject({ sheet: 'storyboard-2.jpg', x: 0, y: 0, start: 1000, end: 1010 })
    expect(tiles[0]!.start).toBe(0)
    tiles.slice(1).forEach((t, i) => expect(t.start).toBe(tiles[i]!.end))
    expect(tiles.at(-1)!.end).toBe(7195.5)
    expect(renderStoryboardVtt(tiles.slice(0, 1))).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nstoryboard.jpg#xywh=0,0,160,90\n')
  })
})
