/** What every ffmpeg output of an encode shares: where it writes and how the hls muxer cuts it. */
import type { AudioTrackPlan, EncodePlan } from '@shared/plan'
import { SEGMENT_FORMAT_SPECS } from '@shared/segment-formats'

export const PLAYLIST_NAME = 'index.m3u8'
export const INIT_SEGMENT_NAME = SEGMENT_FORMAT_SPECS.fmp4.initName!

export function segmentExtension(plan: Pick<EncodePlan, 'segmentFormat'>): string {
  return SEGMENT_FORMAT_SPECS[plan.segmentFormat].extension
}

export function audioEncodeArgs(audio: AudioTrackPlan, bitrateKbps = audio.bitrateKbps): string[] {
  return ['-c:a', 'aac', '-b:a', `${bitrateKbps}k`, '-ac', String(audio.channels), '-ar', String(audio.sampleRate)]
}

/**
 * Every output keeps the source's timeline, shifted by the same amount: left alone, each hls
 * output shifts itself so its own first timestamp is not negative, and an audio rendition
 * (AAC starts 1024 samples early) would land 21–45 ms away from the video it belongs with.
 */
export const TIMELINE_OFFSET_SECONDS = 10

/** hls muxer options for one variant folder, with paths relative to the package folder (the cwd). */
export function hlsOutputArgs(plan: EncodePlan, variantId: string): string[] {
  const format = SEGMENT_FORMAT_SPECS[plan.segmentFormat]
  const ext = format.extension
  const args = [
    '-output_ts_offset',
    String(TIMELINE_OFFSET_SECONDS),
    '-max_muxing_queue_size',
    '4096',
    '-f',
    'hls',
    '-hls_time',
    String(plan.segmentSeconds),
    '-hls_playlist_type',
    'vod',
    '-hls_list_size',
    '0',
    '-hls_flags',
    'independent_segments',
    '-hls_segment_type',
    format.muxerSegmentType
  ]
  if (format.initName) args.push('-hls_fmp4_init_filename', format.initName)
  args.push('-hls_segment_filename', `${variantId}/seg_%05d.${ext}`, `${variantId}/${PLAYLIST_NAME}`)
  return args
}

export const GLOBAL_ARGS = ['-hide_banner', '-nostdin', '-y', '-v', 'warning', '-nostats', '-progress', 'pipe:1']
