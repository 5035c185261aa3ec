import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { encodeJob, packageDirFor, partialDirFor } from '../../../src/main/engine/pipeline/encode-job'
import { toolkit } from '../../helpers/encode'
import { makeClip, tempDir } from '../../helpers/media'

const dir = tempDir('hls-studio-chunk-segments-')
afterAll(() => dir.cleanup())

/** Every file of each rung folder of the partial package, with its bytes, at this moment. */
function snapshot(partial: string, rungs: readonly string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const rung of rungs) {
    const folder = join(partial, rung)
    if (!existsSync(folder)) continue
    for (const name of readdirSync(folder)) files.set(`${rung}/${name}`, readFileSync(join(folder, name)))
  }
  return files
}

const cases: Array<{ name: string; settings: EncodeSettingsInput; extension: string; init: boolean }> = [
  { name: 'MPEG-TS', settings: {}, extension: 'ts', init: false },
  { name: 'fMP4', settings: { segmentFormat: 'fmp4' }, extension: 'm4s', init: true }
]

describe('segments of a finished chunk', () => {
  it.each(cases)('$name: are final while later chunks still encode, and the playlists come last', async (c) => {
    // 13 s at 2 s segments and 2-segment chunks: 3 chunks (the last one 5 s), 7 segments.
    const source = await makeClip(dir.path, `film-${c.extension}`, { seconds: 13, fps: 25 })
    const outputRoot = join(dir.path, c.name)
    const jobId = 'early'
    const partial = partialDirFor(packageDirFor(outputRoot, 'film', jobId))
    const rungs = ['v0', 'v1']
    let early: Map<string, Buffer> | undefined
    const result = await encodeJob(await toolkit(), {
      jobId,
      slug: 'film',
      title: 'film',
      inputPath: source,
      outputRoot,
      settings: resolveEncodeSettings({ ...c.settings, segmentSeconds: 2, chunkSeconds: 4, parallelChunks: 1, ladder: [240, 144], images: false }),
      onProgress: (p) => {
        // The moment chunk 2 is done and chunk 3 not yet.
        if (!early && p.chunkStates?.[1] === 'done' && p.chunkStates[2] !== 'done') early = snapshot(partial, rungs)
      }
    })
    expect(result.plan.chunking?.chunkCount).toBe(3)
    expect(early, 'the partial package was seen between chunk 2 and chunk 3').toBeDefined()

    const expected = rungs.flatMap((rung) => [
      ...(c.init ? [`${rung}/init.mp4`] : []),
      ...[0, 1, 2, 3].map((n) => `${rung}/seg_0000${n}.${c.extension}`)
    ])
    // Two chunks' segments (and fMP4's init segment), no media playlist yet.
    expect([...early!.keys()].sort()).toEqual(expected.sort())
    // Byte for byte what the finished package holds: nothing is rewritten after it is final.
    for (const [path, bytes] of early!) expect(readFileSync(join(result.outputs.dir, path)).equals(bytes), path).toBe(true)
    for (const rung of rungs) {
      const playlist = readFileSync(join(result.outputs.dir, rung, 'index.m3u8'), 'utf8')
      expect(playlist.match(/^seg_\d+\.\w+$/gm)).toHaveLength(7)
    }
  }, 180_000)
})
