/**
 * Every segment format a package can use, one exhaustive record each: a format added to
 * SEGMENT_FORMATS and not described here stops compiling. Settings, the ladder plan, the
 * ffmpeg arguments, the master playlist, the package file list, storage headers and the UI
 * all read these instead of deciding `ts`/`fmp4` themselves. Free of zod, for the CLI's start-up.
 */
export const SEGMENT_FORMATS = ['ts', 'fmp4'] as const
export type SegmentFormat = (typeof SEGMENT_FORMATS)[number]

export interface SegmentFormatSpec {
  /** As the UI and logs name it. */
  label: string
  /** The choice in Settings. */
  choice: string
  /** Segment file extension, without the dot. */
  extension: string
  /** ffmpeg's `-hls_segment_type`. */
  muxerSegmentType: 'mpegts' | 'fmp4'
  /** The initialization segment (EXT-X-MAP) each variant folder holds, when the format has one. */
  initName?: string
  /** EXT-X-VERSION of the playlists: 7 for EXT-X-MAP in a master's variants (RFC 8216 §7). */
  playlistVersion: number
  /** Content-Type of segments (and of the init segment) in buckets and on the media routes. */
  contentType: string
  /** Apple's HLS authoring rules allow HEVC only in fMP4. */
  carriesHevc: boolean
}

export const SEGMENT_FORMAT_SPECS: Record<SegmentFormat, SegmentFormatSpec> = {
  ts: {
    label: 'TS',
    choice: 'MPEG-TS (widest support)',
    extension: 'ts',
    muxerSegmentType: 'mpegts',
    playlistVersion: 3,
    contentType: 'video/mp2t',
    carriesHevc: false
  },
  fmp4: {
    label: 'fMP4',
    choice: 'fMP4 (CMAF)',
    extension: 'm4s',
    muxerSegmentType: 'fmp4',
    initName: 'init.mp4',
    playlistVersion: 7,
    // The mime database says video/iso.segment, which some players and CDNs do not know.
    contentType: 'video/mp4',
    carriesHevc: true
  }
}

export function segmentFormatSpec(format: SegmentFormat): SegmentFormatSpec {
  return SEGMENT_FORMAT_SPECS[format]
}

/** The format to use for HEVC when the chosen one cannot carry it. */
export function formatCarryingHevc(chosen: SegmentFormat): SegmentFormat {
  return SEGMENT_FORMAT_SPECS[chosen].carriesHevc ? chosen : SEGMENT_FORMATS.find((f) => SEGMENT_FORMAT_SPECS[f].carriesHevc)!
}
