import type { EncodePlan, VideoPlan } from '@shared/plan'
import type { VideoStreamInfo } from '@shared/media'

/**
 * The filters that prepare the decoded picture once, before the ladder split: fields, size,
 * frame rate, colour. Every rung then only scales.
 */

/** HDR reference white (ITU-R BT.2408): 203 cd/m² becomes SDR white's neighbourhood. */
const REFERENCE_WHITE_NITS = 203
/** HDR10 masters are graded for 1000 cd/m² displays unless told otherwise, and HLG's nominal display peak is 1000 too. */
const ASSUMED_PEAK_NITS = 1000
/**
 * mobius keeps everything below half of reference white untouched (linear) and rolls the
 * highlights off smoothly up to the peak. Scaling all three channels by one factor of the
 * brightest keeps hues (vf_tonemap); desat=0 leaves saturation alone. Measured on the
 * test pattern (test/helpers/colour-clips.ts): greys stay R=G=B within 1, hues within 3°.
 */
const TONE_CURVE = `tonemap=tonemap=mobius:param=0.5:peak=${(ASSUMED_PEAK_NITS / REFERENCE_WHITE_NITS).toFixed(3)}:desat=0`

/** The tags every rung carries, so players never guess (H.264 VUI: primaries, transfer, matrix, range). */
export const BT709_TAG_ARGS = ['-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-color_range', 'tv'] as const

function sourceRange(video?: Pick<VideoStreamInfo, 'colorRange' | 'pixelFormat'>): 'tv' | 'pc' {
  return video?.colorRange === 'pc' || /^yuvj/.test(video?.pixelFormat ?? '') ? 'pc' : 'tv'
}

/**
 * PQ: linear light with reference white at 1.0, BT.709 primaries, the curve, BT.709 out.
 * HLG: zimg first turns it into display light of a 1000 cd/m² display (the HLG OOTF), written
 * as PQ, and from there it is the PQ path.
 */
export function toneMapChain(video: VideoPlan, range: 'tv' | 'pc'): string {
  const input = `min=2020_ncl:pin=2020:rin=${range}`
  const toLinear =
    video.hdrTransfer === 'hlg'
      ? [`zscale=tin=arib-std-b67:${input}:t=smpte2084:npl=${ASSUMED_PEAK_NITS}`, 'format=gbrpf32le', `zscale=t=linear:npl=${REFERENCE_WHITE_NITS}`]
      : [`zscale=tin=smpte2084:${input}:t=linear:npl=${REFERENCE_WHITE_NITS}`, 'format=gbrpf32le']
  return [...toLinear, 'zscale=p=709', TONE_CURVE, 'zscale=t=709:m=709:r=tv', 'format=yuv420p'].join(',')
}

/** BT.601 → BT.709 matrix only (players never convert SD primaries either), to 8-bit 4:2:0. */
function bt601ToBt709(range: 'tv' | 'pc'): string {
  return `colorspace=space=bt709:trc=bt709:primaries=bt709:range=tv:ispace=smpte170m:itrc=bt709:iprimaries=bt709:irange=${range}:format=yuv420p`
}

/** bwdif/yadif with one output frame per input frame (send_frame): 25i becomes 25p. */
function deinterlaceFilter(video: VideoPlan): string | undefined {
  const d = video.deinterlace
  return d ? `${d.filter}=mode=send_frame:parity=${d.fieldOrder}:deint=all` : undefined
}

/**
 * A picture that changes size midway (a live capture, a spliced file) is fitted into the size
 * the source started with (rounded down to even: pad cannot make odd 4:2:0 pictures), aspect
 * kept and centred, so every rung keeps one size. Frames of the starting size are only
 * rounded to even, which is no change at all for an even source: both filters pass it through.
 */
function constantSize(video: VideoPlan): string[] {
  const { width: sw, height: sh } = video.pictureSize
  const w = 2 * Math.floor(sw / 2)
  const h = 2 * Math.floor(sh / 2)
  const starting = `eq(iw,${sw})*eq(ih,${sh})`
  const fitWidth = `min(${w},trunc(${h}*iw/ih/2)*2)`
  const fitHeight = `min(${h},trunc(${w}*ih/iw/2)*2)`
  return [`scale=w='if(${starting},${w},${fitWidth})':h='if(${starting},${h},${fitHeight})'`, `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`]
}

/** A frame rate as ffmpeg reads it, exact for the NTSC family (59.94 → 60000/1001). */
export function formatFrameRate(rate: number): string {
  const ntsc = rate * 1.001
  if (Math.abs(ntsc - Math.round(ntsc)) < 0.01 && Math.abs(rate - Math.round(rate)) > 0.01) {
    return `${Math.round(ntsc) * 1000}/1001`
  }
  return Number(rate.toFixed(3)).toString()
}

function colourFilters(video: VideoPlan, source?: VideoStreamInfo): string[] {
  const range = sourceRange(source)
  if (video.toneMap === 'tonemap') return [toneMapChain(video, range)]
  if (video.matrixFrom === 'bt601') return [bt601ToBt709(range)]
  return video.toneMap === 'convert' ? ['format=yuv420p'] : []
}

export function pictureFilters(plan: EncodePlan, extra: readonly string[] = [], source?: VideoStreamInfo): string[] {
  const video = plan.video
  if (!video) return [...extra]
  const filters: string[] = []
  const deinterlace = deinterlaceFilter(video)
  if (deinterlace) filters.push(deinterlace)
  filters.push(...constantSize(video))
  if (video.halveFrameRate) filters.push(`fps=${formatFrameRate(video.frameRate)}`)
  filters.push(...colourFilters(video, source))
  filters.push(...extra)
  return filters
}
