/** The one runner every ffmpeg goes through: abort, timeouts, crashes, a bounded stderr tail, one registry. */
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessRegistry } from '../../../src/main/engine/media/process-registry'
import { MediaProcessFailure, runMediaProcess } from '../../../src/main/engine/media/runner'
import { FFMPEG, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

/** An encode that would run for an hour: only stopping it ends it. */
const ENDLESS = ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=3600', '-f', 'null', '-']

describe('the ffmpeg runner', () => {
  it('reports typed progress while ffmpeg runs and resolves on success', async () => {
    const seen: number[] = []
    const result = await runMediaProcess({
      binary: FFMPEG,
      args: ['-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=2', '-f', 'null', '-'],
      label: 'two seconds',
      onProgress: (p) => seen.push(p.outTimeSeconds ?? -1)
    })
    expect(seen.at(-1)).toBeCloseTo(2, 1)
    expect(result.durationMs).toBeGreaterThan(0)
  })

  it('stops ffmpeg when the signal aborts, and registers it while it runs', async () => {
    const registry = new ProcessRegistry()
    const controller = new AbortController()
    const running = runMediaProcess({ binary: FFMPEG, args: ENDLESS, label: 'endless', signal: controller.signal, registry, onProgress: () => controller.abort() })
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(registry.size).toBe(0)
  })

  it('stops everything in the registry on shutdown', async () => {
    const registry = new ProcessRegistry()
    const runs = [1, 2].map(() => runMediaProcess({ binary: FFMPEG, args: ENDLESS, label: 'endless', registry }).catch((e: unknown) => e))
    await new Promise((r) => setTimeout(r, 300))
    expect(registry.size).toBe(2)
    await registry.stopAll('test over')
    const errors = await Promise.all(runs)
    expect(errors.map((e) => (e as { code: string }).code)).toEqual(['CANCELLED', 'CANCELLED'])
    expect(registry.size).toBe(0)
  })

  it('enforces a hard timeout and a stall timeout with plain messages', async () => {
    await expect(runMediaProcess({ binary: FFMPEG, args: ENDLESS, label: 'slow job', timeoutMs: 400 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/took longer than 0.4 s and was stopped \(slow job\)/)
    })
    const silent = join(work.path, 'silent.sh')
    writeFileSync(silent, '#!/bin/sh\nexec sleep 30\n')
    chmodSync(silent, 0o755)
    await expect(runMediaProcess({ binary: silent, args: [], label: 'stuck', stallTimeoutMs: 300 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/made no progress/)
    })
  })

  it('turns a failure into the last meaningful stderr line, keeping only a bounded tail', async () => {
    const error = await runMediaProcess({ binary: FFMPEG, args: ['-hide_banner', '-i', join(work.path, 'nope.mp4')], label: 'missing input' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MediaProcessFailure)
    expect((error as MediaProcessFailure).message).toMatch(/^ffmpeg exited with code 1: .*nope\.mp4: No such file or directory$/)
    const noisy = join(work.path, 'noisy.sh')
    writeFileSync(noisy, '#!/bin/sh\nfor i in $(seq 1 5000); do echo "warning line $i" >&2; done\nexit 3\n')
    chmodSync(noisy, 0o755)
    const failure = (await runMediaProcess({ binary: noisy, args: [], label: 'noisy' }).catch((e: unknown) => e)) as MediaProcessFailure
    expect(failure.stderrTail).toHaveLength(40)
    expect(failure.stderrTail.at(-1)).toBe('warning line 5000')
    expect(failure.exitCode).toBe(3)
  })

  it('names a crash by its signal', async () => {
    const crashing = join(work.path, 'crash.sh')
    writeFileSync(crashing, '#!/bin/sh\necho "about to fall over" >&2\nkill -SEGV $$\n')
    chmodSync(crashing, 0o755)
    const failure = (await runMediaProcess({ binary: crashing, args: [], label: 'crash' }).catch((e: unknown) => e)) as MediaProcessFailure
    expect(failure.signal).toBe('SIGSEGV')
    expect(failure.message).toBe('crash.sh crashed (SIGSEGV): about to fall over')
  })

  it('says clearly when the binary does not exist', async () => {
    await expect(runMediaProcess({ binary: join(work.path, 'ffmpeg-missing'), args: [], label: 'x' })).rejects.toMatchObject({
      code: 'FFMPEG_MISSING',
      message: expect.stringMatching(/Cannot start ffmpeg-missing .*ENOENT/)
    })
  })
})
