/** The command line as a user runs it: exit codes, JSON lines, plain-words failures, nothing left behind. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStudio } from '../../helpers/cli'
import { ffmpeg, makeClip, seededBytes, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

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

  it('refuses a missing, empty or text file before queueing it, fails each damaged one with a clear message, exits 1, and leaves nothing behind', async () => {
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
    const refused = Object.fromEntries(run.events.filter((e) => e.event === 'skipped').map((e) => [String(e.path).split('/').pop(), e.reason]))
    expect(refused).toEqual({ 'empty.mp4': 'the file is empty (0 bytes)', 'notes.txt': 'it is a text file, not video or audio', 'does-not-exist.mov': 'no such file' })
    expect(run.events.filter((e) => e.event === 'job-created').map((e) => String(e.source).split('/').pop()).sort()).toEqual(['cut-short.mp4', 'good clip.mp4', 'random.mp4', 'truncated.mp4'])
    expect(messages['truncated.mp4']?.code).toBe('TRUNCATED')
    expect(messages['truncated.mp4']?.message).toMatch(/incomplete or damaged.*truncated\.mp4/)
    expect(messages['cut-short.mp4']?.code).toBe('TRUNCATED')
    expect(messages['random.mp4']?.code).toMatch(/NOT_MEDIA|TRUNCATED/)
    expect(messages['random.mp4']?.message).toMatch(/random\.mp4/)
    for (const error of Object.values(messages)) expect(error.message).not.toMatch(/exited with code|SIGSEGV|at .*\.ts:\d+/)

    const summary = run.events.at(-1)!
    expect(summary).toMatchObject({ event: 'summary', completed: 1, failed: 3, skipped: 3 })
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

  it('writes to ./hls-out when no --out is given', async () => {
    const here = join(work.path, 'typed-here')
    mkdirSync(here)
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'encode', good, '--json', '--ladder', '240', '--no-images'], { cwd: here })
    expect(run.code).toBe(0)
    const completed = run.events.find((e) => e.event === 'job-completed')!
    expect(String(completed.masterPlaylist).startsWith(join(here, 'hls-out', 'good-clip') + '/')).toBe(true)
  })

  it('exits 1 when every file named is refused, saying why for each', async () => {
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'encode', bad.text!, bad.missing!, '--out', join(work.path, 'out-refused')])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`skipped  ${bad.text}: it is a text file, not video or audio`)
    expect(run.stdout).toContain(`skipped  ${bad.missing}: no such file`)
    expect(run.stdout).not.toContain('queued')
    expect(existsSync(join(work.path, 'out-refused'))).toBe(false)
  })

  it('exits 2 on a usage error, naming the problem', async () => {
    const badLadder = await runStudio(['encode', good, '--out', work.path, '--ladder', '1080,huge'])
    expect(badLadder.code).toBe(2)
    expect(badLadder.stderr).toMatch(/--ladder takes heights/)
    const badFormat = await runStudio(['encode', good, '--out', work.path, '--segment-format', 'mkv'])
    expect(badFormat.code).toBe(2)
    expect(badFormat.stderr).toMatch(/--segment-format/)
  })
})
