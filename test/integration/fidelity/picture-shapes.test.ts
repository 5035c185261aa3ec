/**
 * Issue 10, the ladder: every rung is the picture fitted inside a box (1920x1080 … 640x360,
 * turned for portrait), so no shape loses resolution, checked with the conformance helper's box
 * rule on real encodes. None of these progressive sources may be deinterlaced.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile } from '../../helpers/encode'
import { ffmpeg, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
const out = `${work.path}/out`
afterAll(() => work.cleanup())

const sizes = (facts: Awaited<ReturnType<typeof inspectPackage>>) => facts.variants.map((v) => `${v.width}x${v.height}`)

describe('ladder boxes on real encodes', () => {
  it.each([
    { shape: 'wide 2.39:1', width: 1920, height: 800, ladder: [1080, 360], expected: ['1920x800', '640x266'] },
    { shape: 'cropped 1080p export', width: 1920, height: 1036, ladder: [1080, 720], expected: ['1920x1036', '1280x690'] }
  ])('$shape $width x $height keeps its full picture: $expected', async ({ width, height, ladder, expected }) => {
    const clip = await makeClip(work.path, `shape-${width}x${height}`, { width, height, seconds: 1, audioChannels: 0 })
    const result = await encodeFile(clip, out, { ladder, segmentSeconds: 1, preset: 'ultrafast', images: false })
    const facts = await inspectPackage(result.outputs.dir, { boxes: { source: { displayWidth: width, displayHeight: height }, ladder } })
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(expected)
    expect(result.plan.treatments.map((t) => t.kind)).not.toContain('deinterlace')
  })

  it('shows an anamorphic PAL picture at its display aspect (720x576, SAR 16:15 → 768x576)', async () => {
    const clip = await makeClip(work.path, 'anamorphic', { width: 720, height: 576, sar: '16/15', seconds: 1, audioChannels: 0 })
    const result = await encodeFile(clip, out, { ladder: [480, 360], segmentSeconds: 1, preset: 'ultrafast', images: false })
    expect(result.info.video).toMatchObject({ displayWidth: 768, displayHeight: 576 })
    const facts = await inspectPackage(result.outputs.dir, { boxes: { source: { displayWidth: 768, displayHeight: 576 }, ladder: [480, 360] } })
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['640x480', '480x360'])
  })

  it('between rungs: a truly odd 853x479 4:2:0 source (VP8; testsrc2 and x264 round to even) gives 852x478 and 640x360', async () => {
    const clip = `${work.path}/odd.webm`
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=853x479:rate=25:duration=1', '-c:v', 'libvpx', '-pix_fmt', 'yuv420p', '-deadline', 'realtime', clip])
    const result = await encodeFile(clip, out, { segmentSeconds: 1, preset: 'ultrafast', images: false })
    expect(result.info.video).toMatchObject({ width: 853, height: 479, pixelFormat: 'yuv420p' })
    const facts = await inspectPackage(result.outputs.dir, { boxes: { source: { displayWidth: 853, displayHeight: 479 } } })
    expect(facts.problems).toEqual([])
    expect(sizes(facts)).toEqual(['852x478', '640x360'])
  })

  it('records each rung’s box and real size in job.json, labelled by the short side', async () => {
    const clip = await makeClip(work.path, 'phone', { width: 360, height: 640, seconds: 1, audioChannels: 0 })
    const result = await encodeFile(clip, out, { ladder: [720, 360], segmentSeconds: 1, preset: 'ultrafast', images: false })
    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    expect(manifest.plan.video?.rungs.map((r) => ({ box: r.box, width: r.width, height: r.height, label: r.label }))).toEqual([
      { box: { width: 360, height: 640 }, width: 360, height: 640, label: '360p' }
    ])
    expect(manifest.plan.treatments).toEqual(expect.any(Array))
  })
})
