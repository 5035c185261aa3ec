import { describe, expect, it } from 'vitest'
import { canToneMap, parseEncoderList, parseFilterList, parseMuxerHelp, parseVersion } from '../../../src/main/engine/media/capabilities'

// Excerpts of real output: the bundled 2018 static build and Debian's ffmpeg 5.1.
const ENCODERS = `Encoders:
 V..... = Video
 A..... = Audio
 S..... = Subtitle
 .F.... = Frame-level multithreading
 ------
 V..... libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
 V..... h264_vaapi           H.264/AVC (VAAPI) (codec h264)
 V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
 A..... aac                  AAC (Advanced Audio Coding)
 S..... webvtt               WebVTT subtitle
`

const FILTERS_2018 = `Filters:
  T.. = Timeline support
  .S. = Slice threading
  ..C = Command support
  A = Audio input/output
  V = Video input/output
  N = Dynamic number and/or type of input/output
  | = Source or sink filter
 ... split             V->N       Pass on the input to N video outputs.
 ... tonemap           V->V       Conversion to/from different dynamic ranges.
 ..C zscale            V->V       Apply resizing, colorspace and bit depth conversion.
 ... showwavespic      A->V       Convert input audio to a video output single picture.
 ... color             |->V       Provide an uniformly colored input.
`

const FILTERS_51 = ` .S. tonemap           V->V       Conversion to/from different dynamic ranges.
 ... subtitles         V->V       Render text subtitles onto input video using the libass library.
`

const HLS_HELP = `Muxer hls [Apple HTTP Live Streaming]:
hls muxer AVOptions:
  -hls_time          <float>      E........ set segment length in seconds (from 0 to FLT_MAX) (default 2)
  -hls_segment_type  <int>        E........ set hls segment files type (from 0 to 1) (default mpegts)
     mpegts                       E........ make segment file to mpegts files in m3u8
     fmp4                         E........ make segment file to fragment mp4 files in m3u8
  -hls_flags         <flags>      E........ set flags affecting HLS playlist and media file generation (default 0)
     single_file                  E........ generate a single media file indexed with byte ranges
     independent_segments              E........ add EXT-X-INDEPENDENT-SEGMENTS, whenever applicable
  -var_stream_map    <string>     E........ Variant stream map string
`

describe('capability parsing', () => {
  it('lists encoders after the legend, whatever the flag column says', () => {
    expect(parseEncoderList(ENCODERS)).toEqual(['libx264', 'h264_vaapi', 'h264_nvenc', 'aac', 'webvtt'])
  })

  it('lists filters from both the 2018 and the 5.1 layouts, ignoring the legend', () => {
    expect(parseFilterList(FILTERS_2018)).toEqual(['split', 'tonemap', 'zscale', 'showwavespic', 'color'])
    expect(parseFilterList(FILTERS_51)).toEqual(['tonemap', 'subtitles'])
  })

  it('reads hls muxer options and the values of hls_flags', () => {
    const help = parseMuxerHelp(HLS_HELP)
    expect(help.options).toEqual(['hls_time', 'hls_segment_type', 'hls_flags', 'var_stream_map'])
    expect(help.flags).toEqual(['single_file', 'independent_segments'])
  })

  it('reads the version line and libavformat version', () => {
    const v = parseVersion(
      'ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\nbuilt with gcc 12\nlibavformat    59. 27.100 / 59. 27.100\n'
    )
    expect(v).toEqual({ version: 'ffmpeg version 5.1.9-0+deb12u1', libavformat: '59.27.100' })
  })

  it('can tone-map only with both zscale and tonemap', () => {
    expect(canToneMap({ filters: parseFilterList(FILTERS_2018) })).toBe(true)
    expect(canToneMap({ filters: ['tonemap'] })).toBe(false)
  })
})
