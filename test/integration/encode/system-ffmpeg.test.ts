/**
 * The engine decides on capabilities, not versions: Debian's ffmpeg 5.1 must give packages that
 * meet the same rules as the bundled 2018 build. Skipped where no system ffmpeg is installed
 * (.ci/run installs it).
 */
import { existsSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectPackage } from '../../helpers/conformance'
import { encodeFile, toolkit } from '../../helpers/encode'
import { makeAudio, makeClip, SYSTEM_FFMPEG, SYSTEM_FFPROBE, tempDir } from '../../helpers/media'

const hasSystemFfmpeg = existsSync(SYSTEM_FFMPEG) && existsSync(SYSTEM_FFPROBE)
const work = tempDir()
afterAll(() => work.cleanup())
const system = { ffmpeg: SYSTEM_FFMPEG, ffprobe: SYSTEM_FFPROBE }

describe.skipIf(!hasSystemFfmpeg)('with the system ffmpeg', () => {
  it('detects a different binary with the same capabilities the engine needs', async () => {
    const caps = (await toolkit(SYSTEM_FFMPEG, SYSTEM_FFPROBE)).capabilities
    const bundled = (await toolkit()).capabilities
    expect(caps.version).not.toBe(bundled.version)
    expect(caps.encoders).toContain('libx264')
    expect(caps.hlsOptions).toContain('hls_segment_type')
  })

  it('writes a conformant MPEG-TS ladder', async () => {
    const clip = await makeClip(work.path, 'sys', { width: 854, height: 480, seconds: 4, rotate: 90 })
    const result = await encodeFile(clip, `${work.path}/out`, { segmentSeconds: 2 }, system)
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2, ffmpeg: SYSTEM_FFMPEG })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => `${v.width}x${v.height}`)).toEqual(['480x854', '360x640'])
  })

  it('writes a conformant fMP4 ladder', async () => {
    const clip = await makeClip(work.path, 'sysfmp4', { seconds: 4 })
    const result = await encodeFile(clip, `${work.path}/out`, { segmentSeconds: 2, segmentFormat: 'fmp4' }, system)
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2, ffmpeg: SYSTEM_FFMPEG })
    expect(facts.problems).toEqual([])
  })

  it('writes a conformant audio ladder', async () => {
    const podcast = await makeAudio(work.path, 'syspod', { seconds: 7, noise: true })
    const facts = await inspectPackage((await encodeFile(podcast, `${work.path}/out`, {}, system)).outputs.dir)
    expect(facts.problems).toEqual([])
    expect(facts.variants).toHaveLength(3)
  })
})
