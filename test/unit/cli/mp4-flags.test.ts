/**
 * `--mp4 [HEIGHT]`, `--mp4-crf` and `--burn` as `encode` parses them: with --mp4, --burn is the
 * MP4's (the rungs keep a soft track); a bad height or CRF is a usage error naming the flag.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'
import { addEncodeFlags, settingsFromFlags, type EncodeFlags } from '../../../src/main/cli/settings-flags'
import type { EncodeSettings } from '@shared/settings'
import { tempDir } from '../../helpers/media'

const work = tempDir()
afterAll(() => work.cleanup())
const srt = join(work.path, 'clip.srt')
writeFileSync(srt, '1\n00:00:01,000 --> 00:00:02,000\nHi\n')

function parse(argv: string[]): Promise<EncodeSettings> {
  const command = addEncodeFlags(new Command().argument('<inputs...>').exitOverride())
  command.parse(['node', 'encode', ...argv])
  return settingsFromFlags(command.opts<EncodeFlags>())
}

describe('--mp4 on encode', () => {
  it('is off by default, the top rung at CRF 23 when bare, and a height when given', async () => {
    expect((await parse(['clip.mp4'])).mp4).toBeUndefined()
    expect((await parse(['clip.mp4', '--mp4'])).mp4).toEqual({ crf: 23, burnSubtitles: false })
    expect((await parse(['clip.mp4', '--mp4', '720p', '--mp4-crf', '18'])).mp4).toEqual({ height: 720, crf: 18, burnSubtitles: false })
  })

  it('takes --burn for the MP4 alone: the HLS keeps the subtitles soft', async () => {
    const settings = await parse(['clip.mp4', '--mp4', '720', '--subtitles', srt, '--burn'])
    expect(settings.mp4).toEqual({ height: 720, crf: 23, burnSubtitles: true })
    expect(settings.subtitles).toMatchObject({ path: srt, burn: false })
    // Without --mp4, --burn still burns the rungs.
    expect((await parse(['clip.mp4', '--subtitles', srt, '--burn'])).subtitles).toMatchObject({ burn: true })
  })

  it('refuses a height or CRF it cannot use, naming the flag', async () => {
    await expect(parse(['clip.mp4', '--mp4', 'big'])).rejects.toThrow('--mp4 takes a height, e.g. --mp4 720 (got "big")')
    await expect(parse(['clip.mp4', '--mp4', '--mp4-crf', '60'])).rejects.toThrow('--mp4-crf: The MP4 CRF goes from 0 (lossless) to 51 (smallest).')
    await expect(parse(['clip.mp4', '--mp4', '100'])).rejects.toThrow('--mp4: The MP4 height must be at least 144.')
  })
})
