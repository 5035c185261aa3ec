import type { MediaInfo } from '@shared/media'
import type { EncodePlan, Mp4DownloadPlan } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import { boxForHeight, fitInBox, orientBox } from './ladder'
import { audioEncodeArgs } from './output-args'
import { BT709_TAG_ARGS } from './picture-filters'

/**
 * The whole-file MP4 download (issue 16): one more output of the video encode. The prepared
 * picture is split once more, so the MP4 costs an extra scale and x264 encode, never another
 * decode of the source.
 */

export const DOWNLOAD_FOLDER = 'download'
/** The filter graph's label of the MP4's picture. */
export const DOWNLOAD_LABEL = 'dl'

export function downloadPathFor(slug: string): string {
  return `${DOWNLOAD_FOLDER}/${slug}.mp4`
}

/** The MP4's plan: its size fitted like a rung of `height` (default: the top rung), never above the source. */
export function planMp4Download(plan: EncodePlan, info: MediaInfo, settings: EncodeSettings, slug: string): Mp4DownloadPlan | undefined {
  const wanted = settings.mp4
  const top = plan.video?.rungs[0]
  if (!wanted || plan.kind !== 'video' || !info.video || !top) return undefined
  const size = wanted.height === undefined ? top : fitInBox(info.video, orientBox(boxForHeight(wanted.height), info.video))
  return {
    path: downloadPathFor(slug),
    width: size.width,
    height: size.height,
    crf: wanted.crf,
    preset: plan.video?.preset ?? 'veryfast',
    burnSubtitles: wanted.burnSubtitles
  }
}

/**
 * The MP4 branch of the filter graph: from the split's `[sdl]`, scaled, then the subtitles
 * burned at the MP4's own size (the rungs' picture stays clean when they carry a soft track).
 */
export interface DownloadBranch {
  plan: Mp4DownloadPlan
  /** Filters drawn on the MP4 alone, e.g. its burned-in subtitles. */
  burn?: readonly string[]
}

export function downloadFilterBranch({ plan: download, burn = [] }: DownloadBranch): string {
  const filters = [`scale=${download.width}:${download.height}:flags=bicubic`, 'setsar=1', ...burn, 'format=yuv420p']
  return `[s${DOWNLOAD_LABEL}]${filters.join(',')}[${DOWNLOAD_LABEL}]`
}

/**
 * The MP4 output: H.264 High at a constant quality, 8-bit 4:2:0, BT.709 tags, AAC stereo from
 * the first audio track, and `+faststart` so the moov box comes before the media and a browser
 * can start playing from the first Range request.
 */
export function mp4DownloadOutputArgs(download: Mp4DownloadPlan, plan: EncodePlan, audio?: { index: number }): string[] {
  const args = ['-map', `[${DOWNLOAD_LABEL}]`, ...mp4DownloadVideoArgs(download)]
  if (audio && plan.audio) args.push('-map', `0:${audio.index}`, ...audioEncodeArgs(plan.audio))
  args.push('-sn', '-dn', '-max_muxing_queue_size', '4096', '-movflags', '+faststart', '-f', 'mp4', download.path)
  return args
}

/** The MP4's picture encode, the same in a single pass and in every chunk. */
export function mp4DownloadVideoArgs(download: Mp4DownloadPlan): string[] {
  return ['-c:v', 'libx264', '-preset', download.preset, '-crf', String(download.crf), '-profile:v', 'high', '-pix_fmt', 'yuv420p', ...BT709_TAG_ARGS]
}

/**
 * Chunked encodes: the MP4's sound, encoded once for the whole source in the audio step (AAC
 * restarted at every chunk seam would click), joined with the chunks' pictures at the end.
 */
export const CHUNKED_DOWNLOAD_AUDIO = 'download-audio.m4a'

export function downloadAudioOutputArgs(plan: EncodePlan, audio: { index: number } | undefined, path: string): string[] {
  if (!audio || !plan.audio) return []
  return ['-map', `0:${audio.index}`, '-vn', '-sn', '-dn', ...audioEncodeArgs(plan.audio), '-f', 'mp4', path]
}

/**
 * The chunks' MP4 pictures joined without re-encoding (the concat demuxer reads `listPath`),
 * with the sound beside them, into the faststart download.
 */
export function downloadJoinArgs(download: Mp4DownloadPlan, listPath: string, audioPath?: string): string[] {
  const args = ['-f', 'concat', '-safe', '0', '-i', listPath]
  if (audioPath) args.push('-i', audioPath)
  args.push('-map', '0:v:0', ...(audioPath ? ['-map', '1:a:0'] : []), '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', download.path)
  return args
}
