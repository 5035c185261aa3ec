/** The conformance helper must catch a broken package, or every test that relies on it proves nothing. */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { boxProblems, idetCounts, inspectPackage } from '../../helpers/conformance'
import { makeInterlacedClip } from '../../helpers/fidelity-clips'
import { encodeFile } from '../../helpers/encode'
import { ffmpeg, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

describe('the conformance checker', () => {
  let dir: string
  beforeAll(async () => {
    const clip = await makeClip(work.path, 'check', { width: 640, height: 360, seconds: 4 })
    dir = (await encodeFile(clip, `${work.path}/out`, { segmentSeconds: 2, ladder: [360, 240] })).outputs.dir
  })

  it('passes the package as written', async () => {
    expect((await inspectPackage(dir, { segmentSeconds: 2 })).problems).toEqual([])
  })

  it('reports a nominal BANDWIDTH, a missing FRAME-RATE and a missing ENDLIST', async () => {
    const master = join(dir, 'master.m3u8')
    writeFileSync(master, readFileSync(master, 'utf8').replace(/BANDWIDTH=\d+,AVERAGE/, 'BANDWIDTH=1000,AVERAGE').replace(/,FRAME-RATE=[\d.]+/, ''))
    const media = join(dir, 'v1/index.m3u8')
    writeFileSync(media, readFileSync(media, 'utf8').replace('#EXT-X-ENDLIST', ''))
    const problems = (await inspectPackage(dir)).problems.join('\n')
    expect(problems).toMatch(/v0\/index\.m3u8: BANDWIDTH 1000 below measured peak/)
    expect(problems).toMatch(/v0\/index\.m3u8: video variant without FRAME-RATE/)
    expect(problems).toMatch(/v1\/index\.m3u8: no EXT-X-ENDLIST/)
  })

  it('reports a BANDWIDTH too high, a runt tail, an audio group with no default and audio that starts late', async () => {
    const clip = await makeClip(work.path, 'check-groups', { width: 640, height: 360, seconds: 4 })
    const other = (await encodeFile(clip, `${work.path}/out`, { segmentSeconds: 2, ladder: [360] })).outputs.dir
    const master = join(other, 'master.m3u8')
    const text = readFileSync(master, 'utf8')
    const declared = Number(/BANDWIDTH=(\d+)/.exec(text)![1])
    writeFileSync(master, text.replace(/BANDWIDTH=\d+,AVERAGE/, `BANDWIDTH=${Math.round(declared * 1.5)},AVERAGE`).replace('DEFAULT=YES', 'DEFAULT=NO'))
    const declaredWrong = (await inspectPackage(other)).problems.join('\n')
    expect(declaredWrong).toMatch(/v0\/index\.m3u8: BANDWIDTH \d+ more than 10% above the measured peak/)
    expect(declaredWrong).toMatch(/AUDIO group audio: 0 renditions are DEFAULT, not one/)

    const media = join(other, 'v0/index.m3u8')
    writeFileSync(media, readFileSync(media, 'utf8').replace(/#EXTINF:[\d.]+,\nseg_00001\.ts/, '#EXTINF:0.100000,\nseg_00001.ts'))
    // The sound of the audio rendition starts long after the picture.
    const audio = join(other, 'audio-0/seg_00000.ts')
    await ffmpeg(['-copyts', '-i', audio, '-map', '0', '-c', 'copy', '-output_ts_offset', '0.5', '-f', 'mpegts', `${audio}.late.ts`])
    renameSync(`${audio}.late.ts`, audio)
    const afterEdits = (await inspectPackage(other)).problems.join('\n')
    expect(afterEdits).toMatch(/v0\/index\.m3u8: ends with a 0\.1 s runt segment/)
    expect(afterEdits).toMatch(/audio-0\/index\.m3u8: starts at .* s, the picture of v0\/index\.m3u8 at .* s/)
  })

  it('reports a segment that does not start with an IDR frame', async () => {
    // Copy the first segment from 0.5 s on, keeping the non-key frames before its next keyframe.
    const segment = join(dir, 'v1/seg_00001.ts')
    await ffmpeg(['-i', join(dir, 'v1/seg_00000.ts'), '-ss', '0.5', '-map', '0', '-c', 'copy', '-copyinkf', '-f', 'mpegts', segment])
    const problems = (await inspectPackage(dir)).problems.join('\n')
    expect(problems).toMatch(/v1\/seg_00001\.ts: does not start with an IDR frame/)
  })

  it('reports a rung that is not tagged BT.709 or not 8-bit 4:2:0', async () => {
    const segment = join(dir, 'v1/seg_00000.ts')
    const retagged = join(work.path, 'retagged.ts')
    await ffmpeg(['-i', segment, '-map', '0', '-c:a', 'copy', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv422p', '-colorspace', 'bt470bg', '-color_primaries', 'bt470bg', '-color_trc', 'gamma28', '-f', 'mpegts', retagged])
    writeFileSync(segment, readFileSync(retagged))
    const problems = (await inspectPackage(dir)).problems.join('\n')
    expect(problems).toMatch(/v1\/index\.m3u8: not tagged BT\.709 \(primaries bt470bg, transfer \w+, matrix bt470bg\)/)
    expect(problems).toMatch(/v1\/index\.m3u8: pixel format yuv422p, not 8-bit yuv420p/)
  })
})

describe('the box rule', () => {
  const film = { source: { displayWidth: 1920, displayHeight: 800 } }
  it('accepts a 2.39:1 film at full width and catches the short-side ladder of old', () => {
    expect(boxProblems([{ uri: 'v0', width: 1920, height: 800 }, { uri: 'v1', width: 1280, height: 534 }], film)).toEqual([])
    expect(boxProblems([{ uri: 'v0', width: 1728, height: 720 }], film)).toEqual(['v0: top rung 1728x720 neither fills a box nor keeps the source\'s 1920x800'])
    expect(boxProblems([{ uri: 'v0', width: 1334, height: 720 }], { source: { displayWidth: 1920, displayHeight: 1036 } })[0]).toMatch(/neither fills a box/)
  })

  it('catches a stretched, an upscaled and a box-less rung', () => {
    expect(boxProblems([{ uri: 'v0', width: 1920, height: 1080 }], film).join('\n')).toMatch(/does not keep the display aspect/)
    expect(boxProblems([{ uri: 'v0', width: 1280, height: 720 }], { source: { displayWidth: 854, displayHeight: 480 } }).join('\n')).toMatch(/larger than the source/)
    expect(boxProblems([{ uri: 'v0', width: 2560, height: 1066 }], { source: { displayWidth: 3840, displayHeight: 1600 } }).join('\n')).toMatch(/fits no ladder box/)
  })
})

describe('the progressive measurement', () => {
  it('sees the combing of an interlaced picture (so a clean result means something)', async () => {
    const interlaced = await makeInterlacedClip(work.path, 'combed', 'tff', { seconds: 1 })
    const counts = await idetCounts(interlaced)
    expect(counts.tff).toBeGreaterThan(counts.progressive)
  })
})
