/** The conformance helper must catch a broken package, or every test that relies on it proves nothing. */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectPackage } from '../../helpers/conformance'
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

  it('reports a segment that does not start with an IDR frame', async () => {
    // Copy the first segment from 0.5 s on, keeping the non-key frames before its next keyframe.
    const segment = join(dir, 'v1/seg_00001.ts')
    await ffmpeg(['-i', join(dir, 'v1/seg_00000.ts'), '-ss', '0.5', '-map', '0', '-c', 'copy', '-copyinkf', '-f', 'mpegts', segment])
    const problems = (await inspectPackage(dir)).problems.join('\n')
    expect(problems).toMatch(/v1\/seg_00001\.ts: does not start with an IDR frame/)
  })
})
