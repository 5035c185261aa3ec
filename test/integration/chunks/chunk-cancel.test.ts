import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { JobProgress } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'
import { encodeJob } from '../../../src/main/engine/pipeline/encode-job'
import { toolkit } from '../../helpers/encode'
import { makeClip, tempDir } from '../../helpers/media'

const dir = tempDir('hls-studio-chunk-cancel-')
afterAll(() => dir.cleanup())

/** ffmpeg processes this test process started that are still alive. */
function ffmpegChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim()
  return out.split('\n').filter((line) => /ffmpeg/.test(line))
}

describe('cancelling a chunked encode', () => {
  it('stops every chunk process at once and leaves no partial folder', async () => {
    const source = await makeClip(dir.path, 'film', { seconds: 20, fps: 25 })
    const outputRoot = join(dir.path, 'out')
    const controller = new AbortController()
    let twoAtOnce: JobProgress | undefined
    const encoding = encodeJob(await toolkit(), {
      jobId: 'cancel-me',
      slug: 'film',
      title: 'film',
      inputPath: source,
      outputRoot,
      settings: resolveEncodeSettings({ segmentSeconds: 2, chunkSeconds: 4, parallelChunks: 2, ladder: [240], preset: 'slower', images: false }),
      signal: controller.signal,
      onProgress: (p) => {
        // Two chunks reported and both of their ffmpeg processes running.
        if (!twoAtOnce && p.chunkStates?.filter((s) => s === 'encoding').length === 2 && ffmpegChildren().length === 2) {
          twoAtOnce = p
          controller.abort()
        }
      }
    })
    await expect(encoding).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(twoAtOnce, 'two chunk processes were seen running at once').toBeDefined()
    expect(twoAtOnce!.totalChunks).toBe(5)
    expect(ffmpegChildren()).toEqual([])
    expect(existsSync(join(outputRoot, 'film', 'cancel-me.partial'))).toBe(false)
    expect(existsSync(outputRoot) ? readdirSync(outputRoot, { recursive: true }) : []).toEqual([])
  }, 120_000)
})
