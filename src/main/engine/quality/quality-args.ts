import type { VideoStreamInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { pictureFilters } from '../media/picture-filters'
import { sourceInputArgs, sourceUrl } from '../media/source-input'

/** Both sides of every comparison go through this scaler at the rung's size (a no-op on the rung). */
export const QUALITY_SCALER = 'bicubic'

/** Only the package's own HLS playlist and its segments: no other demuxer or protocol. */
const RUNG_DEMUXERS = 'hls,mpegts,mov'

export interface QualityRungInput {
  id: string
  width: number
  height: number
  /** Absolute path of the rung's media playlist. */
  playlistPath: string
}

export interface QualitySampleInput {
  sourcePath: string
  videoStreamIndex: number
  /** The plan the rungs were encoded with: its picture preparation is applied to the source too. */
  plan: EncodePlan
  source?: VideoStreamInfo
  /** Filters the encode added (burned-in subtitles), so burned text is not counted as loss. */
  extraVideoFilters?: readonly string[]
  rungs: readonly QualityRungInput[]
  /** A segment start: every rung has a keyframe there. */
  atSeconds: number
}

const ssimName = (i: number): string => `ssim@q${i}`
const psnrName = (i: number): string => `psnr@q${i}`

/** The instance names ffmpeg prints before each summary line, rung by rung. */
export function qualityFilterNames(rungCount: number): Array<{ ssim: string; psnr: string }> {
  return Array.from({ length: rungCount }, (_, i) => ({ ssim: ssimName(i), psnr: psnrName(i) }))
}

/**
 * One frame at `atSeconds` from the source and from every rung, compared with ssim and psnr.
 * The source is shifted to its true time before its picture is prepared (burned-in subtitles
 * see the cue times the encode saw), then both sides start at 0 so the filters pair their first
 * frames. ffmpeg prints one "SSIM …" and one "PSNR …" line per named filter at the end.
 */
export function buildQualitySampleArgs(input: QualitySampleInput): string[] {
  const { rungs } = input
  const at = input.atSeconds.toFixed(6)
  const args = ['-hide_banner', '-nostdin', '-y', '-v', 'info', '-nostats', '-ss', at, ...sourceInputArgs(input.sourcePath)]
  for (const rung of rungs) {
    args.push('-ss', at, '-format_whitelist', RUNG_DEMUXERS, '-protocol_whitelist', 'file', '-i', sourceUrl(rung.playlistPath))
  }
  const prep = [`setpts=PTS+${at}/TB`, ...pictureFilters(input.plan, input.extraVideoFilters, input.source), 'setpts=PTS-STARTPTS']
  const graph = [`[0:${input.videoStreamIndex}]${prep.join(',')},split=${rungs.length}${rungs.map((_, i) => `[p${i}]`).join('')}`]
  rungs.forEach((rung, i) => {
    const size = `scale=${rung.width}:${rung.height}:flags=${QUALITY_SCALER},setsar=1,format=yuv420p`
    graph.push(`[p${i}]${size},split[sa${i}][sb${i}]`)
    graph.push(`[${i + 1}:v:0]setpts=PTS-STARTPTS,${size},split[ra${i}][rb${i}]`)
    graph.push(`[ra${i}][sa${i}]${ssimName(i)}[os${i}]`)
    graph.push(`[rb${i}][sb${i}]${psnrName(i)}[op${i}]`)
  })
  args.push('-filter_complex', graph.join(';'))
  rungs.forEach((_, i) => {
    for (const out of [`[os${i}]`, `[op${i}]`]) args.push('-map', out, '-frames:v', '1', '-f', 'null', '-')
  })
  return args
}

export interface SampleScores {
  ssim: number
  psnrDb: number
}

/** Identical pictures give PSNR "inf"; this stands in for it in averages. */
export const PSNR_CEILING_DB = 100

/** Reads each rung's "SSIM … All:x" and "PSNR … average:y" from ffmpeg's log lines. */
export function parseQualityLog(lines: readonly string[], rungCount: number): Array<SampleScores | undefined> {
  return qualityFilterNames(rungCount).map(({ ssim, psnr }) => {
    const ssimLine = lines.find((l) => l.includes(`[${ssim} @`) && l.includes(' SSIM '))
    const psnrLine = lines.find((l) => l.includes(`[${psnr} @`) && l.includes(' PSNR '))
    const all = ssimLine?.match(/All:([0-9.]+)/)?.[1]
    const average = psnrLine?.match(/average:(inf|[0-9.]+)/)?.[1]
    if (all === undefined || average === undefined) return undefined
    return { ssim: Number(all), psnrDb: average === 'inf' ? PSNR_CEILING_DB : Math.min(PSNR_CEILING_DB, Number(average)) }
  })
}
