import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { AUDIO_SAMPLE_RATE } from './ladder'
import type { EncodeCommand } from './encode-args'
import { GLOBAL_ARGS, audioEncodeArgs, hlsOutputArgs } from './output-args'
import { sourceInputArgs } from './source-input'

/** One AAC frame: the encoder's priming delay (ffmpeg's aac has 1024 samples of it). */
export const AAC_PRIMING_SECONDS = 1024 / AUDIO_SAMPLE_RATE

/**
 * The audio's span on the source timeline. AAC's first frame is priming that only an edit list
 * can hide, and neither MPEG-TS nor MSE players (hls.js, Shaka, Chromium) read one: left as is,
 * the priming played at 0 and the sound ran 21 ms behind the picture, or (TS) began 21 ms
 * before it, and the last segment 40 ms past it ("Unexpected buffered range", issue #10).
 * Starting the encode one frame in puts its first packet exactly on the first picture, so
 * every player and every container agree; the sound's first 21 ms become that priming frame.
 */
export function audioSpan(info: Pick<MediaInfo, 'video' | 'durationSeconds'>): { start: number; end: number } {
  const videoEnd = info.video?.durationSeconds ?? info.durationSeconds
  return { start: Number(AAC_PRIMING_SECONDS.toFixed(6)), end: Math.max(2 * AAC_PRIMING_SECONDS, Number(videoEnd.toFixed(6))) }
}

/**
 * The outputs of every audio rendition of a video job: each source track once, stereo AAC
 * 48 kHz (`-ac 2` downmixes 5.1 and spreads mono over both channels), in its own folder.
 */
export function audioRenditionOutputArgs(plan: EncodePlan, info: MediaInfo): string[] {
  if (!plan.audio || !plan.audioRenditions?.length) return []
  const args: string[] = []
  for (const rendition of plan.audioRenditions) {
    const span = audioSpan(info)
    args.push('-map', `0:${rendition.streamIndex}`, '-af', `atrim=start=${span.start}:end=${span.end}`)
    args.push(...audioEncodeArgs(plan.audio), ...hlsOutputArgs(plan, rendition.id))
  }
  return args
}

/**
 * The audio renditions as a step of their own: the same outputs from their own read of the
 * source. The studio runs them inside the video command (one read of the file); a chunked
 * encode runs this once for the whole source while chunks of picture go elsewhere.
 */
export function buildAudioRenditionsCommand(plan: EncodePlan, info: MediaInfo, inputPath: string): EncodeCommand {
  const renditions = plan.audioRenditions ?? []
  return {
    label: renditions.map((r) => r.name).join(' + '),
    variantIds: [],
    renditionIds: renditions.map((r) => r.id),
    args: [...GLOBAL_ARGS, ...sourceInputArgs(inputPath), ...audioRenditionOutputArgs(plan, info)]
  }
}
