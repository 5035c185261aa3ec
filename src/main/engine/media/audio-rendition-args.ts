import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { AUDIO_SAMPLE_RATE } from './ladder'
import type { EncodeCommand } from './encode-args'
import { GLOBAL_ARGS, audioEncodeArgs, hlsOutputArgs } from './output-args'

/** One AAC frame: the encoder's priming delay, and how far an audio packet can overhang. */
const AAC_FRAME_SECONDS = 1024 / AUDIO_SAMPLE_RATE

/**
 * Where the audio should stop so it ends with the picture. AAC rounds up to whole 1024-sample
 * frames, and an MPEG-TS rendition cannot say its first frame is priming, so Shaka plays that
 * frame from 0 and the last segment ran 40 ms past the video ("Unexpected buffered range",
 * issue #10): TS audio stops one frame early, fMP4 (whose edit list skips the priming) on time.
 */
export function audioEndSeconds(plan: Pick<EncodePlan, 'segmentFormat'>, info: Pick<MediaInfo, 'video' | 'durationSeconds'>): number {
  const videoEnd = info.video?.durationSeconds ?? info.durationSeconds
  const end = plan.segmentFormat === 'ts' ? videoEnd - AAC_FRAME_SECONDS : videoEnd
  return Math.max(AAC_FRAME_SECONDS, Number(end.toFixed(6)))
}

/**
 * The outputs of every audio rendition of a video job: each source track once, stereo AAC
 * 48 kHz (`-ac 2` downmixes 5.1 and spreads mono over both channels), in its own folder.
 */
export function audioRenditionOutputArgs(plan: EncodePlan, info: MediaInfo): string[] {
  if (!plan.audio || !plan.audioRenditions?.length) return []
  const args: string[] = []
  for (const rendition of plan.audioRenditions) {
    args.push('-map', `0:${rendition.streamIndex}`, '-af', `atrim=end=${audioEndSeconds(plan, info)}`)
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
    args: [...GLOBAL_ARGS, '-i', inputPath, ...audioRenditionOutputArgs(plan, info)]
  }
}
