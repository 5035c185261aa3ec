/**
 * An ffmpeg left encoding into a job's partial folder by a killed studio is found by its
 * working directory and stopped; other processes there, and ffmpeg elsewhere, are left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { stopOrphanedEncoders } from '../../../src/main/engine/media/orphaned-encoders'
import { FFMPEG, tempDir } from '../../helpers/media'
import { waitUntil } from '../../helpers/wait'

const work = tempDir('hls-studio-orphans-')
const started: ChildProcess[] = []
afterAll(() => {
  for (const child of started) child.kill('SIGKILL')
  work.cleanup()
})

/** A long encode to nowhere, in `cwd`, detached like an orphan whose parent died. */
function endlessEncode(cwd: string): ChildProcess {
  const child = spawn(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10', '-f', 'null', '-'], { cwd, detached: true, stdio: 'ignore' })
  started.push(child)
  return child
}

const exited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null

describe.runIf(process.platform === 'linux')('stopping ffmpeg orphaned in a job folder', () => {
  it('kills the ffmpeg working in the folder and no other process', async () => {
    const partial = join(work.path, 'out', 'film', '.job-1.partial')
    const elsewhere = join(work.path, 'other')
    mkdirSync(join(partial, 'v0'), { recursive: true })
    mkdirSync(elsewhere)
    const orphan = endlessEncode(join(partial, 'v0'))
    const unrelated = endlessEncode(elsewhere)
    const shell = spawn('sleep', ['60'], { cwd: partial, stdio: 'ignore' })
    started.push(shell)
    await waitUntil('the three processes to start', () => [orphan, unrelated, shell].every((c) => c.pid !== undefined), { timeoutMs: 10_000 })

    const stopped = await stopOrphanedEncoders(partial)
    expect(stopped).toEqual([orphan.pid])
    await waitUntil('the orphaned ffmpeg to exit', () => exited(orphan), { timeoutMs: 10_000 })
    expect(orphan.signalCode).toBe('SIGKILL')
    expect(exited(unrelated)).toBe(false)
    expect(exited(shell)).toBe(false)
    expect(await stopOrphanedEncoders(partial)).toEqual([])
  })
})
