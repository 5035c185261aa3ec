/**
 * A file named on its own (a CLI argument, a desktop drop, a browser upload) is refused before
 * it becomes a job when it is missing or plainly not media, and takes the subtitles beside it
 * the way a walked folder does. Every container here is written by real ffmpeg.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expandSources } from '../../../src/main/engine/sources/expand-sources'
import { refusalOf } from '../../../src/main/engine/sources/given-file'
import { ffmpeg, makeAudio, makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

describe('a file named on its own', () => {
  let clip: string
  beforeAll(async () => {
    clip = await makeClip(work.path, 'clip', { seconds: 1 })
  })

  it('takes every container ffmpeg writes for video and audio, whatever the name says', async () => {
    const made = [clip]
    for (const ext of ['mkv', 'webm', 'mov', 'ts', 'avi', 'flv', 'mpg', 'ogv']) {
      const out = join(work.path, `container.${ext}`)
      await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1', ...(ext === 'webm' ? ['-c:v', 'libvpx'] : ext === 'ogv' ? ['-c:v', 'libtheora'] : []), out])
      made.push(out)
    }
    for (const ext of ['mp3', 'wav', 'flac', 'm4a']) made.push(await makeAudio(work.path, `sound-${ext}`, { ext, seconds: 1 }))
    // A camera file with a name that says nothing: the bytes decide, not the extension.
    const odd = join(work.path, 'MVI_0042.final')
    await ffmpeg(['-i', clip, '-c', 'copy', '-f', 'mp4', odd])
    made.push(odd)
    // A raw stream of one repeated control byte is data, not text: ffprobe decides.
    const raw = join(work.path, 'capture.mov')
    writeFileSync(raw, Buffer.alloc(64 * 1024, 7))
    made.push(raw)
    for (const path of made) expect({ path, refused: await refusalOf(path) }).toEqual({ path, refused: undefined })
  })

  it('refuses what is missing, empty or plainly not video or audio, saying what it is', async () => {
    const text = join(work.path, 'shot-list.mp4')
    writeFileSync(text, 'INT. HARBOUR - NIGHT\nThis is a shot list, not a video.\n')
    const empty = join(work.path, 'empty.mov')
    writeFileSync(empty, '')
    const still = join(work.path, 'poster.png')
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:size=64x64', '-frames:v', '1', still])
    const pdf = join(work.path, 'contract.pdf')
    writeFileSync(pdf, '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')
    const orphanSubs = join(work.path, 'orphan.srt')
    writeFileSync(orphanSubs, '1\n00:00:00,500 --> 00:00:01,500\nHello\n')

    expect(await refusalOf(join(work.path, 'nope.mp4'))).toBe('no such file')
    expect(await refusalOf(work.path)).toBe('not a regular file')
    expect(await refusalOf(empty)).toBe('the file is empty (0 bytes)')
    expect(await refusalOf(text)).toBe('it is a text file, not video or audio')
    expect(await refusalOf(still)).toBe('it is image/png (.png), not video or audio')
    expect(await refusalOf(pdf)).toBe('it is application/pdf (.pdf), not video or audio')
    expect(await refusalOf(orphanSubs)).toBe('subtitle file with no video of the same name beside it')
  })

  it('pairs clip.srt and clip.en.srt beside clip.mp4, as a folder does, and reports the refused', async () => {
    const folder = join(work.path, 'single')
    mkdirSync(folder)
    const talk = await makeClip(folder, 'talk', { seconds: 1 })
    await makeClip(folder, 'talk extra', { seconds: 1 })
    writeFileSync(join(folder, 'talk.srt'), '1\n00:00:00,500 --> 00:00:01,000\nHi\n')
    writeFileSync(join(folder, 'talk.en.srt'), '1\n00:00:00,500 --> 00:00:01,000\nHi\n')
    writeFileSync(join(folder, 'talk extra.fr.vtt'), 'WEBVTT\n')
    const { candidates, skipped } = await expandSources([talk, join(folder, 'talk.en.srt'), 'missing.mov'], folder)
    expect(candidates).toEqual([
      { kind: 'file', path: talk, sidecars: [{ path: join(folder, 'talk.en.srt'), language: 'en' }, { path: join(folder, 'talk.srt') }] }
    ])
    // talk.en.srt was named too: it is talk.mp4's track, not a refused file.
    expect(skipped).toEqual([{ path: join(folder, 'missing.mov'), reason: 'no such file' }])
  })
})
