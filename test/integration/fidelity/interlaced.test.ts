/**
 * Issue 10, interlaced sources: found from the stream's field order or, when the container
 * says progressive, from the first decoded frames (idet); deinterlaced with bwdif one frame per
 * frame (25i → 25p); the output measured progressive with idet; said in job.json. A progressive
 * source is never deinterlaced. With the bundled ffmpeg and Debian's 5.1.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { idetCounts, inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { makeInterlacedClip } from '../../helpers/fidelity-clips'
import { makeClip, SYSTEM_FFMPEG, SYSTEM_FFPROBE, tempDir } from '../../helpers/media'

const work = tempDir()
const out = `${work.path}/out`
afterAll(() => work.cleanup())
const hasSystemFfmpeg = existsSync(SYSTEM_FFMPEG) && existsSync(SYSTEM_FFPROBE)

const binaries = [
  { name: 'bundled ffmpeg', options: {} },
  ...(hasSystemFfmpeg ? [{ name: "Debian's ffmpeg 5.1", options: { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE } }] : [])
]
// veryfast, not ultrafast: ultrafast's blocking at 270 kbit/s reads as combing to idet (measured BFF 18 of 75 frames).
const settings = { ladder: [360], segmentSeconds: 1, images: false }

describe.each(binaries)('interlaced sources with the $name', ({ options }) => {
  it.each([
    { order: 'tff' as const, words: 'deinterlaced (bwdif, top field first)', detectedBy: 'stream' },
    { order: 'bff' as const, words: 'deinterlaced (bwdif, bottom field first)', detectedBy: 'stream' },
    { order: 'hidden' as const, words: 'deinterlaced (bwdif, top field first)', detectedBy: 'frames' }
  ])('$order: $words, found by the $detectedBy, 25i → 25p, progressive out', async ({ order, words, detectedBy }) => {
    const clip = await makeInterlacedClip(work.path, `interlaced-${order}`, order, options)
    const source = await idetCounts(clip, options.ffmpeg)
    expect(Math.max(source.tff, source.bff)).toBeGreaterThan(source.progressive) // the clip really is combed

    const result = await encodeFile(clip, out, settings, options)
    expect(result.info.video?.interlace).toMatchObject({ fieldOrder: order === 'bff' ? 'bff' : 'tff', detectedBy })
    if (order === 'hidden') expect(result.info.video?.fieldOrder).toBe('progressive')
    const facts = await inspectPackage(result.outputs.dir, { progressive: true, ffmpeg: options.ffmpeg })
    expect(facts.problems).toEqual([])
    expect(facts.idet!.progressive).toBeGreaterThan(4 * (facts.idet!.tff + facts.idet!.bff))
    // One frame per frame: 3 s of 25i is 75 progressive frames at 25 fps.
    expect(facts.variants[0]?.stream.frameRate).toBeCloseTo(25, 3)
    expect(facts.idet!.tff + facts.idet!.bff + facts.idet!.progressive + facts.idet!.undetermined).toBe(75)

    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    expect(manifest.plan.treatments).toContainEqual({ kind: 'deinterlace', text: words })
  })

  it('never deinterlaces a progressive source', async () => {
    const clip = await makeClip(work.path, 'progressive', { width: 320, height: 240, fps: 25, seconds: 2, source: 'testsrc', ffmpeg: options.ffmpeg })
    const result = await encodeFile(clip, out, settings, options)
    expect(result.info.video?.interlace).toBeUndefined()
    expect(result.plan.video?.deinterlace).toBeUndefined()
    expect(result.plan.treatments.map((t) => t.kind)).not.toContain('deinterlace')
  })
})
