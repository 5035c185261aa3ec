/**
 * Issue 10, colour, measured rather than trusted: a pattern of six greys and six saturated
 * colours (test/helpers/colour-clips.ts, HDR signals computed from the standards' formulas)
 * goes through the real engine, and the decoded output is compared with the SDR original.
 * HDR10 (PQ) and HLG (HEVC Main10, also rotated like an iPhone clip) become 8-bit SDR with
 * neutral greys and kept hues; 4:2:2 10-bit editor masters and BT.601 SD come out without a
 * colour shift; every rung is tagged BT.709. Both binaries.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BAND_COLOURS, BAND_NAMES, hueDistance, hueOf, makeColourClip, sampleBands, type Rgb } from '../../helpers/colour-clips'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { makeBt601Clip, makeEditorMaster } from '../../helpers/fidelity-clips'
import { SYSTEM_FFMPEG, SYSTEM_FFPROBE, tempDir } from '../../helpers/media'

const work = tempDir()
const out = `${work.path}/out`
afterAll(() => work.cleanup())
const hasSystemFfmpeg = existsSync(SYSTEM_FFMPEG) && existsSync(SYSTEM_FFPROBE)
const binaries = [
  { name: 'bundled ffmpeg', options: {} as { ffmpeg?: string; ffprobe?: string } },
  ...(hasSystemFfmpeg ? [{ name: "Debian's ffmpeg 5.1", options: { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE } }] : [])
]
// The pattern is 384x128: one rung at its own size. High quality so that coding noise does not hide colour errors.
const settings = { ladder: [360], segmentSeconds: 1, preset: 'veryfast' as const, images: false }

async function encodeAndSample(clip: string, options: { ffmpeg?: string; ffprobe?: string }, turnBack?: string): Promise<Rgb[]> {
  const result = await encodeFile(clip, out, settings, options)
  const facts = await inspectPackage(result.outputs.dir, { ffmpeg: options.ffmpeg })
  expect(facts.problems).toEqual([]) // BT.709 tags and 8-bit yuv420p included
  return sampleBands(join(result.outputs.dir, facts.variants[0]!.uri), { turnBack })
}

const describeBands = (bands: readonly Rgb[]) => bands.map((c, i) => `${BAND_NAMES[i]} ${c.join(',')}`).join(' | ')

/** Greys neutral (R≈G≈B) and in order; colours within a few degrees of the original hue. */
function expectToneMapped(bands: readonly Rgb[]): void {
  const summary = describeBands(bands)
  const greys = bands.slice(0, 6)
  for (const [r, g, b] of greys) expect(Math.max(r, g, b) - Math.min(r, g, b), summary).toBeLessThanOrEqual(4)
  for (let i = 1; i < greys.length; i++) expect(greys[i]![1], summary).toBeGreaterThan(greys[i - 1]![1])
  // Up to reference white the picture stays near the SDR grade: the curve only rolls off highlights.
  greys.forEach((grey, i) => expect(Math.abs(grey[1] - BAND_COLOURS[i]![1]), summary).toBeLessThanOrEqual(20))
  bands.slice(6).forEach((colour, i) => {
    expect(hueDistance(hueOf(colour), hueOf(BAND_COLOURS[6 + i]!)), `${BAND_NAMES[6 + i]}: ${summary}`).toBeLessThanOrEqual(8)
    expect(Math.max(...colour), summary).toBeGreaterThan(150) // still saturated, not washed out
  })
}

describe.each(binaries)('HDR to SDR with the $name', ({ options }) => {
  it.each(['pq', 'hlg'] as const)('%s: neutral greys, kept hues, tagged BT.709', async (transfer) => {
    const clip = await makeColourClip(work.path, `hdr-${transfer}`, { transfer, ffmpeg: options.ffmpeg })
    const result = await encodeFile(clip, out, settings, options)
    expect(result.plan.treatments).toContainEqual({ kind: 'tone-map', text: `tone-mapped from ${transfer === 'pq' ? 'HDR10 (PQ)' : 'HLG'} to SDR BT.709` })
    expectToneMapped(await encodeAndSample(clip, options))
  })

  it('an iPhone-style HLG HEVC Main10 clip turned 90°: upright, tone-mapped, hues kept', async () => {
    const clip = await makeColourClip(work.path, 'hlg-rotated', { transfer: 'hlg', rotate: 90, ffmpeg: options.ffmpeg })
    const result = await encodeFile(clip, out, settings, options)
    expect(result.info.video).toMatchObject({ codec: 'hevc', bitDepth: 10, rotation: expect.any(Number) })
    expect(result.plan.video?.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['128x384'])
    expectToneMapped(await encodeAndSample(clip, options, 'transpose=clock'))
  })
})

describe.each(binaries)('editor masters and SD with the $name', ({ options }) => {
  it.each(['prores', 'dnxhr'] as const)('%s 4:2:2 10-bit becomes 8-bit 4:2:0 without a colour shift', async (codec) => {
    const master = await makeEditorMaster(work.path, `master-${codec}`, codec, { ffmpeg: options.ffmpeg })
    const source = await sampleBands(master)
    const result = await encodeFile(master, out, settings, options)
    expect(result.info.video).toMatchObject({ bitDepth: 10, pixelFormat: 'yuv422p10le' })
    expect(result.plan.treatments).toContainEqual({ kind: 'colour-convert', text: 'converted from 10-bit 4:2:2 (yuv422p10le) to 8-bit 4:2:0' })
    const output = await encodeAndSample(master, options)
    output.forEach((c, i) => c.forEach((v, ch) => expect(Math.abs(v - source[i]![ch]!), `${describeBands(source)} → ${describeBands(output)}`).toBeLessThanOrEqual(4)))
  })

  it('a BT.601 SD source is converted, so its BT.709 tag shows the same colours', async () => {
    const sd = await makeBt601Clip(work.path, 'sd-601')
    const source = await sampleBands(sd, { matrix: 'bt601' })
    const output = await encodeAndSample(sd, options)
    output.forEach((c, i) => c.forEach((v, ch) => expect(Math.abs(v - source[i]![ch]!), `${describeBands(source)} → ${describeBands(output)}`).toBeLessThanOrEqual(4)))
  })
})
