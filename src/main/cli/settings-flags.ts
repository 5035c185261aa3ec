import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SEGMENT_FORMATS } from '@shared/segment-formats'
import type { EncodeSettings } from '@shared/settings'
import { UsageError } from './context'

/** Encode flags shared by every command that creates jobs (encode, watch, serve defaults). */
export interface EncodeFlags {
  type?: string
  segmentSeconds?: string
  ladder?: string
  segmentFormat?: string
  preset?: string
  encoder?: string
  subtitles?: string
  burn?: boolean
  burnTrack?: string
  subtitleLang?: string
  chunkSeconds?: string
  parallelChunks?: string
  /** Commander's negation of --no-images. */
  images?: boolean
  /** Commander's negation of --no-quality. */
  quality?: boolean
  /** `--mp4` alone is true; `--mp4 720` gives the height. */
  mp4?: boolean | string
  mp4Crf?: string
  spectrogram?: boolean
}

export function addEncodeFlags(command: Command): Command {
  return command
    .option('--type <type>', 'auto, video or audio', 'auto')
    .option('--segment-seconds <n>', 'target segment length in seconds', '6')
    .option('--ladder <heights>', 'short-side heights of the video ladder', '1080,720,480,360')
    .option('--segment-format <format>', SEGMENT_FORMATS.join(' or '), 'ts')
    .option('--preset <preset>', 'x264 preset', 'veryfast')
    .option('--encoder <name>', 'auto (a proven hardware encoder, else libx264), libx264, h264_nvenc, h264_qsv, h264_vaapi, …', 'auto')
    .option('--subtitles <file>', 'SRT, ASS/SSA or WebVTT subtitles (default: a sidecar beside each source, e.g. clip.fr.srt)')
    .option('--burn', 'burn the --subtitles into the picture instead of adding a WebVTT track (with --mp4: into the MP4 only, the HLS keeps the track)')
    .option('--burn-track <n>', "burn the source's own text subtitle track N (0 = the first; `probe` lists them) into the picture")
    .option('--subtitle-lang <lang>', 'language of the --subtitles track (BCP 47, e.g. fr)', 'und')
    .option('--no-images', 'skip the poster, grid, storyboard and waveform')
    .option('--no-quality', 'skip measuring each rung against the source (SSIM and PSNR on sampled keyframes)')
    .option('--mp4 [height]', 'also make an MP4 download (download/<slug>.mp4) at this short-side height (default: the top rung)')
    .option('--mp4-crf <n>', 'quality of the MP4 download: x264 CRF from 0 (lossless) to 51 (smallest)', '23')
    .option('--spectrogram', "video jobs: also draw a spectrogram of the first audio track (audio jobs always get one)")
    .option('--chunk-seconds <n>', 'long videos encode in chunks of about N seconds that survive a crash (0 = one pass)', '60')
    .option('--parallel-chunks <n>', 'chunks encoding at once (0 = chosen for the cores)', '0')
}

function subtitleSettings(flags: EncodeFlags): { path: string; burn: boolean; language?: string } | undefined {
  if (!flags.subtitles) {
    if (flags.burn) throw new UsageError('--burn needs --subtitles FILE (sidecar subtitles found in a folder are added as a track).')
    return undefined
  }
  const path = resolve(flags.subtitles)
  const isFile = (() => {
    try {
      return statSync(path).isFile()
    } catch {
      return false
    }
  })()
  if (!isFile) throw new UsageError(`--subtitles: file not found: ${path}`)
  // With --mp4, --burn is the MP4's: the rungs carry the track soft (issue 16).
  return { path, burn: Boolean(flags.burn) && !flags.mp4, language: flags.subtitleLang }
}

function mp4Settings(flags: EncodeFlags): { height?: number; crf?: number; burnSubtitles: boolean } | undefined {
  if (!flags.mp4) return undefined
  const height = typeof flags.mp4 === 'string' ? flags.mp4.trim().replace(/p$/i, '') : undefined
  if (height !== undefined && !/^\d+$/.test(height)) throw new UsageError(`--mp4 takes a height, e.g. --mp4 720 (got "${flags.mp4}"); a bare --mp4 goes after the sources.`)
  return { height: height === undefined ? undefined : Number(height), crf: numberFlag(flags.mp4Crf, '--mp4-crf'), burnSubtitles: Boolean(flags.burn) }
}

function parseBurnTrack(flags: EncodeFlags): number | undefined {
  if (flags.burnTrack === undefined) return undefined
  if (!/^\d+$/.test(flags.burnTrack.trim())) {
    throw new UsageError(`--burn-track takes the number of a subtitle track of the source, 0 for the first (got "${flags.burnTrack}").`)
  }
  if (flags.burn) throw new UsageError('Only one subtitle track can be burned in: use --burn with --subtitles, or --burn-track, not both.')
  return Number(flags.burnTrack)
}

function parseLadder(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim().replace(/p$/i, ''))
  if (parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--ladder takes heights separated by commas, e.g. 1080,720,480,360 (got "${text}").`)
  }
  return parts.map(Number)
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`${flag} takes a number (got "${value}").`)
  return number
}

/** Flags → validated settings, or a usage error that names the bad flag. */
export async function settingsFromFlags(flags: EncodeFlags): Promise<EncodeSettings> {
  // Loaded on use, not at start-up: `hls-studio --help` should not pay for the schemas.
  const [{ encodeSettingsSchema }, { knownEncoderNames }] = await Promise.all([import('@shared/settings'), import('../engine/pipeline/video-encoder-choice')])
  const seconds = numberFlag(flags.segmentSeconds, '--segment-seconds')
  if (flags.encoder && !knownEncoderNames().includes(flags.encoder)) {
    throw new UsageError(`--encoder: unknown encoder "${flags.encoder}". Use one of: ${knownEncoderNames().join(', ')}.`)
  }
  const result = encodeSettingsSchema.safeParse({
    type: flags.type,
    segmentSeconds: seconds,
    ladder: flags.ladder ? parseLadder(flags.ladder) : undefined,
    segmentFormat: flags.segmentFormat,
    preset: flags.preset,
    encoder: flags.encoder,
    subtitles: subtitleSettings(flags),
    burnTrack: parseBurnTrack(flags),
    chunkSeconds: numberFlag(flags.chunkSeconds, '--chunk-seconds'),
    parallelChunks: numberFlag(flags.parallelChunks, '--parallel-chunks'),
    images: flags.images,
    quality: flags.quality,
    mp4: mp4Settings(flags),
    spectrogram: flags.spectrogram
  })
  if (!result.success) {
    const issue = result.error.issues[0]!
    const field =
      issue.path[0] === 'subtitles' && issue.path[1] === 'language' ? 'subtitleLang' : issue.path[0] === 'mp4' ? (issue.path[1] === 'crf' ? 'mp4Crf' : 'mp4') : String(issue.path[0] ?? '')
    const flag = `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw new UsageError(`${flag}: ${issue.message.replace(/^Invalid (option|input): /, '')}`)
  }
  return result.data
}
