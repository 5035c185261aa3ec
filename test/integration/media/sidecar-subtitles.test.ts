/**
 * A folder batch pairs `talk.fr.srt` with `talk.mp4`: the command line encodes the folder
 * (through the queue, as a user would) and only that package gets a French WebVTT track.
 * Flags for subtitles are checked before any job starts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, types } from 'hls-parser'
import { resolveEncodeSettings } from '@shared/settings'
import { encodeJob } from '../../../src/main/engine/pipeline/encode-job'
import { runStudio } from '../../helpers/cli'
import { encodeFile, toolkit } from '../../helpers/encode'
import { makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

const SRT = '1\n00:00:00,500 --> 00:00:01,500\nBonjour\n'

describe('subtitles in a folder batch', () => {
  let folder: string
  beforeAll(async () => {
    folder = join(work.path, 'batch')
    mkdirSync(join(folder, 'day 2'), { recursive: true })
    await makeClip(folder, 'talk', { seconds: 3 })
    writeFileSync(join(folder, 'talk.fr.srt'), SRT)
    await makeClip(join(folder, 'day 2'), 'other', { seconds: 3 })
    writeFileSync(join(folder, 'day 2', 'orphan.srt'), SRT)
  })

  it('adds the sidecar matched to each video as a track in its language, and only there', async () => {
    const out = join(work.path, 'out')
    const run = await runStudio(['--data-dir', join(work.path, 'data'), 'encode', folder, '--out', out, '--ladder', '240', '--no-images', '--json'])
    expect(run.code).toBe(0)
    const skipped = run.events.filter((e) => e.event === 'skipped').map((e) => String(e.path))
    expect(skipped).toEqual([join(folder, 'day 2', 'orphan.srt')])
    const completed = run.events.filter((e) => e.event === 'job-completed')
    expect(completed).toHaveLength(2)
    const masters = Object.fromEntries(completed.map((e) => [String(e.slug), readFileSync(String(e.masterPlaylist), 'utf8')]))

    const talk = parse(masters.talk!) as types.MasterPlaylist
    expect(talk.variants[0]!.subtitles.map((r) => [r.language, r.name])).toEqual([['fr', 'French']])
    const other = parse(masters.other!) as types.MasterPlaylist
    expect(other.variants[0]!.subtitles).toEqual([])
    expect(masters.other).not.toContain('SUBTITLES')
  })

  it('prefers --subtitles over a sidecar', async () => {
    const chosen = join(work.path, 'chosen.srt')
    writeFileSync(chosen, '1\n00:00:00,200 --> 00:00:00,900\nChosen\n')
    const result = await encodeJob(await toolkit(), {
      jobId: 'job-00000000-0000-4000-8000-000000000001',
      slug: 'talk',
      title: 'talk',
      inputPath: join(folder, 'talk.mp4'),
      outputRoot: join(work.path, 'out-chosen'),
      settings: resolveEncodeSettings({ ladder: [240], images: false, subtitles: { path: chosen, burn: false, language: 'en' } }),
      sidecarSubtitles: [join(folder, 'talk.fr.srt')]
    })
    expect(result.plan.subtitles).toMatchObject({ source: chosen, language: 'en', mode: 'soft' })
    expect(readFileSync(join(result.outputs.dir, 'subs', 'seg_00000.vtt'), 'utf8')).toContain('Chosen')

    const sidecarOnly = await encodeFile(join(folder, 'talk.mp4'), join(work.path, 'out-sidecar'), { ladder: [240], images: false })
    expect(sidecarOnly.plan.subtitles).toBeUndefined()
  })

  it('rejects --burn without --subtitles, a missing subtitle file, a --burn-track that is no number or comes with --burn, and an unknown encoder as usage errors', async () => {
    const clip = join(folder, 'talk.mp4')
    const out = join(work.path, 'out-usage')
    const data = join(work.path, 'data-usage')
    const burn = await runStudio(['--data-dir', data, 'encode', clip, '--out', out, '--burn'])
    expect(burn.code).toBe(2)
    expect(burn.stderr).toContain('--burn needs --subtitles FILE')
    const missing = await runStudio(['--data-dir', data, 'encode', clip, '--out', out, '--subtitles', 'nope.srt'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--subtitles: file not found')
    const track = await runStudio(['--data-dir', data, 'encode', clip, '--out', out, '--burn-track', 'second'])
    expect(track.code).toBe(2)
    expect(track.stderr).toContain('--burn-track takes the number of a subtitle track of the source, 0 for the first (got "second").')
    const both = await runStudio(['--data-dir', data, 'encode', clip, '--out', out, '--subtitles', join(folder, 'talk.fr.srt'), '--burn', '--burn-track', '0'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('Only one subtitle track can be burned in')
    const encoder = await runStudio(['--data-dir', data, 'encode', clip, '--out', out, '--encoder', 'h264_magic'])
    expect(encoder.code).toBe(2)
    expect(encoder.stderr).toContain('--encoder: unknown encoder "h264_magic". Use one of: auto, libx264, h264_nvenc')
  })
})
