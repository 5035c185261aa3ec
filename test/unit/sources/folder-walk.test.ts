import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseSubtitleName, walkFolder, type WalkResult } from '../../../src/main/engine/sources/folder-walk'
import { tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())

function touch(path: string, content = 'x'): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content)
  return path
}

describe('folder walk', () => {
  let root: string
  let result: WalkResult
  beforeAll(async () => {
    root = join(work.path, 'drop')
    touch(join(root, 'Episode 10.mp4'))
    touch(join(root, 'Episode 2.MKV'))
    touch(join(root, 'Episode 2.srt'))
    touch(join(root, 'Episode 2.en.srt'))
    touch(join(root, 'Episode 2.PT-br.vtt'))
    touch(join(root, 'Episode 2.fr.ass'))
    touch(join(root, 'season 2', 'deeper', 'bonus.mov'))
    touch(join(root, 'season 2', 'deeper', 'podcast.mp3'))
    touch(join(root, 'season 2', 'the.end.mp4'))
    touch(join(root, 'season 2', 'the.end.srt'))
    touch(join(root, 'season 2', 'orphan.en.srt'))
    touch(join(root, 'notes.txt'))
    touch(join(root, 'cover.jpg'))
    touch(join(root, 'README'))
    touch(join(root, '.DS_Store'))
    // A subtitle in another folder than its namesake video is not paired.
    touch(join(root, 'subs', 'Episode 10.srt'))
    // A loop back to the root, a second link to a folder already walked, a broken link, a link to a file.
    symlinkSync(root, join(root, 'season 2', 'loop'))
    symlinkSync(join(root, 'season 2'), join(root, 'season 2 again'))
    symlinkSync(join(root, 'missing'), join(root, 'dangling'))
    symlinkSync(join(root, 'Episode 10.mp4'), join(root, 'zz link to episode 10.mp4'))
    result = await walkFolder(root)
  })

  it('finds every media file in nested folders once, in natural order, even through a symlink loop', () => {
    expect(result.media.map((m) => m.path)).toEqual([
      join(root, 'Episode 2.MKV'),
      join(root, 'Episode 10.mp4'),
      join(root, 'season 2', 'deeper', 'bonus.mov'),
      join(root, 'season 2', 'deeper', 'podcast.mp3'),
      join(root, 'season 2', 'the.end.mp4')
    ])
  })

  it('pairs sidecar subtitles with the video of the same name beside them, with their language', () => {
    const episode2 = result.media.find((m) => m.path.endsWith('Episode 2.MKV'))!
    expect(episode2.sidecars).toEqual(
      expect.arrayContaining([
        { path: join(root, 'Episode 2.srt') },
        { path: join(root, 'Episode 2.en.srt'), language: 'en' },
        { path: join(root, 'Episode 2.PT-br.vtt'), language: 'pt-BR' },
        { path: join(root, 'Episode 2.fr.ass'), language: 'fr' }
      ])
    )
    expect(episode2.sidecars).toHaveLength(4)
    expect(result.media.find((m) => m.path.endsWith('the.end.mp4'))!.sidecars).toEqual([{ path: join(root, 'season 2', 'the.end.srt') }])
    expect(result.media.find((m) => m.path.endsWith('Episode 10.mp4'))!.sidecars).toEqual([])
  })

  it('skips everything else with a reason a person understands', () => {
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.path.slice(root.length + 1), s.reason]))
    expect(reasons).toEqual({
      'notes.txt': 'not a video or audio file type (.txt)',
      'cover.jpg': 'not a video or audio file type (.jpg)',
      README: 'no file extension, so not recognised as video or audio',
      dangling: 'broken symbolic link',
      'zz link to episode 10.mp4': `the same file as ${join(root, 'Episode 10.mp4')} (linked), taken once`,
      'season 2/orphan.en.srt': 'subtitle file with no video of the same name beside it',
      'subs/Episode 10.srt': 'subtitle file with no video of the same name beside it'
    })
  })

  it('reads language tags from subtitle names', () => {
    expect(parseSubtitleName('/a/clip.en.srt')).toEqual({ stem: 'clip', language: 'en' })
    expect(parseSubtitleName('/a/clip.ENG.ass')).toEqual({ stem: 'clip', language: 'eng' })
    expect(parseSubtitleName('/a/clip.zh-Hant.vtt')).toEqual({ stem: 'clip', language: 'zh-Hant' })
    expect(parseSubtitleName('/a/clip.srt')).toEqual({ stem: 'clip' })
    expect(parseSubtitleName('/a/my.holiday.srt')).toEqual({ stem: 'my.holiday' })
  })

  it('gives an empty result for an empty folder and a reason for one it cannot read', async () => {
    const empty = join(work.path, 'empty')
    mkdirSync(empty)
    expect(await walkFolder(empty)).toEqual({ media: [], skipped: [] })
    const gone = await walkFolder(join(work.path, 'no-such-folder'))
    expect(gone.media).toEqual([])
    expect(gone.skipped).toEqual([{ path: join(work.path, 'no-such-folder'), reason: 'folder could not be read (broken link?)' }])
  })
})
