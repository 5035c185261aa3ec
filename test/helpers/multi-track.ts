/**
 * Sources with several audio languages and embedded subtitle tracks, made at test time: the
 * languages differ in pitch (English 440 Hz stereo, French 660 Hz mono), so a test can hear
 * which one plays; subtitle tracks come from SRT/ASS text muxed in as the container's own.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ffmpeg } from './media'

export const ENGLISH_CUES = '1\n00:00:00,500 --> 00:00:01,500\nHello from the harbour\n\n2\n00:00:02,500 --> 00:00:03,500\nSecond line\n'
export const FRENCH_CUES = '1\n00:00:00,500 --> 00:00:01,500\nBonjour du port\n'

export interface MultiTrackOptions {
  seconds?: number
  /** mkv carries SubRip; mp4 carries mov_text. */
  ext?: 'mkv' | 'mp4'
  width?: number
  height?: number
  ffmpegBinary?: string
}

/** Video, English + French audio (French flagged default when asked), English + French (forced unless told) subtitles. */
export async function makeMultiTrackClip(
  dir: string,
  name: string,
  options: MultiTrackOptions & { frenchDefault?: boolean; frenchForced?: boolean } = {}
): Promise<string> {
  const seconds = options.seconds ?? 5
  const ext = options.ext ?? 'mkv'
  const en = join(dir, `${name}.en.cues.srt`)
  const fr = join(dir, `${name}.fr.cues.srt`)
  writeFileSync(en, ENGLISH_CUES)
  writeFileSync(fr, FRENCH_CUES)
  const out = join(dir, `${name}.${ext}`)
  await ffmpeg(
    [
      '-f', 'lavfi', '-i', `testsrc2=size=${options.width ?? 320}x${options.height ?? 240}:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=660:sample_rate=44100:duration=${seconds}`,
      '-i', en, '-i', fr,
      '-map', '0:v', '-map', '1:a', '-map', '2:a', '-map', '3', '-map', '4',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac:a:0', '2', '-ac:a:1', '1',
      '-c:s', ext === 'mp4' ? 'mov_text' : 'srt',
      '-metadata:s:a:0', 'language=eng', '-metadata:s:a:1', 'language=fre',
      '-metadata:s:s:0', 'language=eng', '-metadata:s:s:1', 'language=fre',
      '-disposition:a:0', options.frenchDefault ? '0' : 'default', '-disposition:a:1', options.frenchDefault ? 'default' : '0',
      '-disposition:s:0', '0', '-disposition:s:1', options.frenchForced === false ? '0' : 'forced',
      out
    ],
    options.ffmpegBinary
  )
  return out
}
