import type { MediaInfo, VideoStreamInfo } from '@shared/media'
import type { EncodePlan, VideoRung } from '@shared/plan'
import { audioRenditionOutputArgs } from './audio-rendition-args'
import { waveformOutputArgs } from './images/image-args'
import { spectrogramOutputArgs, type SpectrogramOptions } from './images/spectrogram-args'
import { GLOBAL_ARGS, audioEncodeArgs, hlsOutputArgs } from './output-args'
import { BT709_TAG_ARGS, pictureFilters } from './picture-filters'
import { sourceInputArgs } from './source-input'
import { DOWNLOAD_LABEL, downloadFilterBranch, mp4DownloadOutputArgs, type DownloadBranch } from './mp4-download-args'

export { formatFrameRate } from './picture-filters'
export {
  GLOBAL_ARGS,
  INIT_SEGMENT_NAME,
  PLAYLIST_NAME,
  TIMELINE_OFFSET_SECONDS,
  audioEncodeArgs,
  hlsOutputArgs,
  segmentExtension
} from './output-args'

/** One ffmpeg process of an encode: which variants it writes and its argument array. */
export interface EncodeCommand {
  label: string
  variantIds: string[]
  /** Rendition folders it also writes that are not variants of their own, e.g. audio-0. */
  renditionIds?: string[]
  args: string[]
}

export interface EncodeArgsInput {
  plan: EncodePlan
  info: MediaInfo
  inputPath: string
  /**
   * Filters applied once to the decoded picture before the ladder split (after tone mapping),
   * e.g. burned-in subtitles.
   */
  extraVideoFilters?: string[]
  /** Audio jobs: also draw thumbnails/waveform.png from the same decode. */
  waveform?: boolean
  /** Also draw thumbnails/spectrogram.png from the same decode (audio jobs; video jobs' first audio track). */
  spectrogram?: SpectrogramOptions
  /** Video jobs: the MP4 download as one more output of the same decode. */
  download?: DownloadBranch
}

/**
 * The filter graph: decode once, prepare the picture once, split, scale per rung. A hardware
 * encoder adds its upload filters after each scale, so scaling stays on the CPU and only the
 * finished rung pictures travel to the device.
 */
export function buildVideoFilterGraph(
  videoStreamIndex: number,
  plan: EncodePlan,
  rungs: readonly VideoRung[],
  extra: readonly string[] = [],
  uploadFilters: readonly string[] = [],
  source?: VideoStreamInfo,
  /** Filters before everything else, e.g. a chunk's timeline shift and cut (chunks/chunk-job.ts). */
  before: readonly string[] = [],
  /** The MP4 download: one more branch of the split, on the CPU whatever encodes the rungs. */
  download?: DownloadBranch
): string {
  const prep = [...before, ...pictureFilters(plan, extra, source)]
  const labels = [...rungs.map((r) => r.id), ...(download ? [DOWNLOAD_LABEL] : [])]
  const head = `[0:${videoStreamIndex}]${prep.length ? `${prep.join(',')},` : ''}split=${labels.length}${labels.map((id) => `[s${id}]`).join('')}`
  const upload = uploadFilters.length ? `,${uploadFilters.join(',')}` : ''
  const scales = rungs.map((r) => `[s${r.id}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1${upload}[${r.id}]`)
  return [head, ...scales, ...(download ? [downloadFilterBranch(download)] : [])].join(';')
}

/**
 * No B-frames: with them a stream's first picture is shown two frames after its decode time,
 * and hls.js and Shaka start the timeline at the decode time, so every package began with a
 * 67 ms hole at 30 fps ("bufferSeekOverHole … seeking from 0 to 0.166666", issue #10). The
 * bundled 2018 ffmpeg cannot ask its hls muxer for negative composition offsets instead.
 */
export const NO_B_FRAMES = ['-bf', '0'] as const

export function keyframeArgs(plan: EncodePlan): string[] {
  const rate = plan.video?.frameRate ?? 30
  const gop = Math.max(1, Math.round(plan.keyframeSeconds * rate))
  // Time-based forcing keeps boundaries aligned even for variable frame rate sources;
  // the fixed GOP and disabled scene-cut keep every rung's keyframes in the same places.
  return [
    ...NO_B_FRAMES,
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${plan.keyframeSeconds})`
  ]
}

export function x264RungArgs(rung: VideoRung, preset: string): string[] {
  return [
    '-c:v',
    'libx264',
    '-preset',
    preset,
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${rung.videoBitrateKbps}k`,
    '-maxrate',
    `${rung.maxrateKbps}k`,
    '-bufsize',
    `${rung.bufsizeKbps}k`
  ]
}

/** Video encoder arguments for one rung, keyframe alignment included. */
export type RungEncoderArgs = (rung: VideoRung, plan: EncodePlan) => string[]

/** What one video encoder needs in the command: its device, how frames reach it, its options per rung. */
export interface VideoEncoderSetup {
  encoder: string
  /** Global options before the input that open the device, e.g. `-vaapi_device /dev/dri/renderD128`. */
  deviceArgs: readonly string[]
  /** Filters after each rung's scale that move frames onto the device, e.g. `format=nv12,hwupload`. */
  uploadFilters: readonly string[]
  rungArgs: RungEncoderArgs
}

export const LIBX264_SETUP: VideoEncoderSetup = {
  encoder: 'libx264',
  deviceArgs: [],
  uploadFilters: [],
  rungArgs: (rung, plan) => [...x264RungArgs(rung, plan.video?.preset ?? 'veryfast'), ...keyframeArgs(plan)]
}

/**
 * All variants in one process. Measured on 2 cores with a 1080p30 source (see bench/encode.ts):
 * one decode feeding four x264 encoders keeps both cores ~95% busy and beats one process per
 * rung, which decodes the source four times.
 */
export function buildVideoEncodeCommand(input: EncodeArgsInput, encoder: VideoEncoderSetup = LIBX264_SETUP): EncodeCommand {
  const { plan, info } = input
  const video = info.video
  if (!video || !plan.video) throw new Error('buildVideoEncodeCommand needs a video plan and a video stream')
  const rungs = plan.video.rungs
  const args = [...GLOBAL_ARGS, ...encoder.deviceArgs, ...sourceInputArgs(input.inputPath)]
  const graph = buildVideoFilterGraph(video.index, plan, rungs, input.extraVideoFilters, encoder.uploadFilters, video, [], input.download)
  args.push('-filter_complex', graph)
  for (const rung of rungs) {
    args.push('-map', `[${rung.id}]`, ...encoder.rungArgs(rung, plan), ...BT709_TAG_ARGS, ...hlsOutputArgs(plan, rung.id))
  }
  // The audio renditions ride along on the same read of the source (see audio-rendition-args.ts).
  args.push(...audioRenditionOutputArgs(plan, info))
  if (input.download) args.push(...mp4DownloadOutputArgs(input.download.plan, plan, info.audio))
  // A graph of its own (ffmpeg takes several -filter_complex), fed by the same read of the source.
  if (input.spectrogram && info.audio) args.push(...spectrogramOutputArgs(info.audio.index, input.spectrogram))
  return {
    label: rungs.map((r) => r.label).join(' + '),
    variantIds: rungs.map((r) => r.id),
    renditionIds: (plan.audioRenditions ?? []).map((r) => r.id),
    args
  }
}

export function buildAudioEncodeCommand(input: EncodeArgsInput): EncodeCommand {
  const { plan, info } = input
  if (!info.audio || !plan.audio) throw new Error('buildAudioEncodeCommand needs an audio stream')
  const args = [...GLOBAL_ARGS, ...sourceInputArgs(input.inputPath)]
  for (const rung of plan.audioRungs) {
    args.push('-map', `0:${info.audio.index}`, '-vn', ...audioEncodeArgs(plan.audio, rung.bitrateKbps))
    args.push(...hlsOutputArgs(plan, rung.id))
  }
  if (input.waveform) args.push(...waveformOutputArgs(info.audio.index))
  if (input.spectrogram) args.push(...spectrogramOutputArgs(info.audio.index, input.spectrogram))
  return {
    label: plan.audioRungs.map((r) => r.label).join(' + '),
    variantIds: plan.audioRungs.map((r) => r.id),
    args
  }
}

export function buildEncodeCommands(input: EncodeArgsInput, encoder?: VideoEncoderSetup): EncodeCommand[] {
  return input.plan.kind === 'video'
    ? [buildVideoEncodeCommand(input, encoder)]
    : [buildAudioEncodeCommand(input)]
}
