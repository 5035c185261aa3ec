/** The command line as a user runs it: exit codes, JSON lines, plain-words failures, nothing left behind. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStudio } from '../../helpers/cli'
import { ffmpeg, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

function seededBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    bytes[i] = x >> 16
  }
  return bytes
}

describe('hls-studio encode', () => {
  let good: string
  let bad: Record<string, string>
  beforeAll(async () => {
    const inputs = join(work.path, 'inputs')
    mkdirSync(inputs)
    good = await makeClip(inputs, 'good clip', { seconds: 3 })
    const whole = readFileSync(good)
    const faststart = join(inputs, 'faststart.mp4')
    await ffmpeg(['-i', good, '-c', 'copy', '-movflags', '+faststart', faststart])
    const fast = readFileSync(faststart)
    bad = {
      empty: join(inputs, 'empty.mp4'),
      text: join(inputs, 'notes.txt'),
      truncated: join(inputs, 'truncated.mp4'),
      cutShort: join(inputs, 'cut-short.mp4'),
      random: join(inputs, 'random.mp4'),
      missing: join(inputs, 'does-not-exist.mov')
    }
    writeFileSync(bad.empty!, '')
    writeFileSync(bad.text!, 'Shot list\n1. intro\n2. interview\n'.repeat(200))
    writeFileSync(bad.truncated!, whole.subarray(0, Math.floor(whole.length / 2)))
    writeFileSync(bad.cutShort!, fast.subarray(0, Math.floor(fast.length * 0.4)))
    writeFileSync(bad.random!, seededBytes(256 * 1024, 42))
  })

  it('fails each bad input with a clear message, exits 1, and leaves nothing behind', async () => {
    const out = join(work.path, 'out-bad')
    const tmp = join(work.path, 'tmp')
    mkdirSync(tmp)
    const run = await runStudio(
      ['--data-dir', join(work.path, 'data'), 'encode', good, ...Object.values(bad), '--out', out, '--json'],
      { env: { TMPDIR: tmp } }
    )
    expect(run.code).toBe(1)
    const failed = run.events.filter((e) => e.event === 'job-failed')
    const messages: Record<string, { code: string; message: string }> = Object.fromEntries(
      failed.map((e) => [String(e.source).split('/').pop(), e.error as { code: string; message: string }])
    )
    expect(messages['empty.mp4']).toEqual({ code: 'EMPTY_FILE', message: 'This file is empty (0 bytes): empty.mp4.' })
    expect(messages['notes.txt']?.message).toBe('This file is not a video or audio file ffmpeg can read (notes.txt).')
    expect(messages['truncated.mp4']?.code).toBe('TRUNCATED')
    expect(messages['truncated.mp4']?.message).toMatch(/incomplete or damaged.*truncated\.mp4/)
    expect(messages['cut-short.mp4']?.code).toBe('TRUNCATED')
    expect(messages['random.mp4']?.code).toMatch(/NOT_MEDIA|TRUNCATED/)
    expect(messages['random.mp4']?.message).toMatch(/random\.mp4/)
    expect(messages['does-not-exist.mov']?.code).toBe('FILE_NOT_FOUND')
    for (const error of Object.values(messages)) expect(error.message).not.toMatch(/exited with code|SIGSEGV|at .*\.ts:\d+/)

    const summary = run.events.at(-1)!
    expect(summary).toMatchObject({ event: 'summary', completed: 1, failed: 6 })
    const completed = run.events.find((e) => e.event === 'job-completed')!
    expect(existsSync(String(completed.masterPlaylist))).toBe(true)
    // Only the good package is on disk: no partial folders, no empty slug folders, no temp files.
    expect(readdirSync(out)).toEqual(['good-clip'])
    expect(readdirSync(join(out, 'good-clip'))).toEqual([String(completed.jobId)])
    // tsx, which runs the CLI from source here, keeps its own cache in TMPDIR.
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-'))).toEqual([])
  })

  it('prints one JSON object per line: created, updates, completed with the master path, summary', async () => {
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'encode', good, '--out', join(work.path, 'out-json'), '--json', '--ladder', '240'])
    expect(run.code).toBe(0)
    expect(run.stdout.trim().split('\n').every((l) => l.startsWith('{') && l.endsWith('}'))).toBe(true)
    const kinds = run.events.map((e) => e.event)
    expect(kinds[0]).toBe('job-created')
    expect(kinds).toContain('job-update')
    expect(kinds.at(-2)).toBe('job-completed')
    expect(kinds.at(-1)).toBe('summary')
    const update = run.events.find((e) => e.event === 'job-update' && e.stage === 'ENCODING')!
    for (const key of ['jobId', 'stage', 'percent', 'currentVariant', 'variantPercent', 'fps', 'speed', 'etaSeconds']) {
      expect(update).toHaveProperty(key)
    }
    const completed = run.events.find((e) => e.event === 'job-completed')!
    expect(String(completed.masterPlaylist)).toMatch(/out-json\/good-clip\/job-[0-9a-f-]{36}\/master\.m3u8$/)
  })

  it('walks folders, skips what is not media and says why', async () => {
    const folder = join(work.path, 'folder')
    mkdirSync(join(folder, 'nested'), { recursive: true })
    await makeClip(join(folder, 'nested'), 'inside', { seconds: 1 })
    writeFileSync(join(folder, 'readme.txt'), 'not media')
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'encode', folder, '--out', join(work.path, 'out-folder'), '--json', '--ladder', '240'])
    expect(run.code).toBe(0)
    const skipped = run.events.filter((e) => e.event === 'skipped')
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toMatchObject({ path: join(folder, 'readme.txt'), reason: 'not a video or audio file type (.txt)' })
    expect(run.events.filter((e) => e.event === 'job-completed')).toHaveLength(1)
  })

  it('exits 2 on a usage error, naming the problem', async () => {
    const missingOut = await runStudio(['encode', good])
    expect(missingOut.code).toBe(2)
    expect(missingOut.stderr).toMatch(/--out/)
    const badLadder = await runStudio(['encode', good, '--out', work.path, '--ladder', '1080,huge'])
    expect(badLadder.code).toBe(2)
    expect(badLadder.stderr).toMatch(/--ladder takes heights/)
    const badFormat = await runStudio(['encode', good, '--out', work.path, '--segment-format', 'mkv'])
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toMatch(/--segment-format/)
  })
})
