import { writeFile } from 'node:fs/promises'
import { SEGMENT_FORMAT_SPECS, type SegmentFormat } from '@shared/segment-formats'

/**
 * The master playlist is written here, not by ffmpeg: ffmpeg's own master omits FRAME-RATE
 * and AVERAGE-BANDWIDTH and derives BANDWIDTH from nominal rates, while Apple's HLS
 * authoring rules ask for the measured peak (and the 2018 bundled ffmpeg crashes writing it).
 */
export interface MasterVariant {
  uri: string
  /** Measured peak segment bitrate, bit/s. */
  bandwidth: number
  averageBandwidth: number
  codecs: string
  resolution?: { width: number; height: number }
  frameRate?: number
  audioGroup?: string
  subtitlesGroup?: string
}

export interface AudioRendition {
  groupId: string
  name: string
  /** BCP 47; "und" when the source does not say. */
  language: string
  uri: string
  isDefault: boolean
  channels: number
}

export interface SubtitleRendition {
  groupId: string
  name: string
  language: string
  uri: string
  isDefault: boolean
  autoselect: boolean
  forced?: boolean
}

export interface MasterPlaylistInput {
  variants: MasterVariant[]
  audio?: AudioRendition[]
  subtitles?: SubtitleRendition[]
  /** fMP4 media playlists use EXT-X-MAP, which needs version 6 or later. */
  segmentFormat: SegmentFormat
}

function quoted(value: string): string {
  // Quoted-string attributes may not contain double quotes or line breaks (RFC 8216 §4.2).
  return `"${value.replace(/["\r\n]/g, '')}"`
}

function streamInf(variant: MasterVariant): string {
  const attrs = [`BANDWIDTH=${Math.round(variant.bandwidth)}`, `AVERAGE-BANDWIDTH=${Math.round(variant.averageBandwidth)}`]
  if (variant.codecs) attrs.push(`CODECS=${quoted(variant.codecs)}`)
  if (variant.resolution) attrs.push(`RESOLUTION=${variant.resolution.width}x${variant.resolution.height}`)
  if (variant.frameRate) attrs.push(`FRAME-RATE=${variant.frameRate.toFixed(3)}`)
  if (variant.audioGroup) attrs.push(`AUDIO=${quoted(variant.audioGroup)}`)
  if (variant.subtitlesGroup) attrs.push(`SUBTITLES=${quoted(variant.subtitlesGroup)}`)
  return `#EXT-X-STREAM-INF:${attrs.join(',')}`
}

function language(tag: string): string[] {
  return [`LANGUAGE=${quoted(tag || 'und')}`]
}

function subtitleMedia(rendition: SubtitleRendition): string {
  const attrs = [
    'TYPE=SUBTITLES',
    `GROUP-ID=${quoted(rendition.groupId)}`,
    ...language(rendition.language),
    `NAME=${quoted(rendition.name)}`,
    `DEFAULT=${rendition.isDefault ? 'YES' : 'NO'}`,
    // RFC 8216 §4.3.4.1: AUTOSELECT must be YES when DEFAULT is.
    `AUTOSELECT=${rendition.autoselect || rendition.isDefault ? 'YES' : 'NO'}`
  ]
  if (rendition.forced) attrs.push('FORCED=YES')
  attrs.push(`URI=${quoted(rendition.uri)}`)
  return `#EXT-X-MEDIA:${attrs.join(',')}`
}

function audioMedia(rendition: AudioRendition): string {
  const attrs = [
    'TYPE=AUDIO',
    `GROUP-ID=${quoted(rendition.groupId)}`,
    ...language(rendition.language),
    `NAME=${quoted(rendition.name)}`,
    `DEFAULT=${rendition.isDefault ? 'YES' : 'NO'}`,
    'AUTOSELECT=YES',
    `CHANNELS=${quoted(String(rendition.channels))}`,
    `URI=${quoted(rendition.uri)}`
  ]
  return `#EXT-X-MEDIA:${attrs.join(',')}`
}

export function renderMasterPlaylist(input: MasterPlaylistInput): string {
  if (input.variants.length === 0) throw new Error('A master playlist needs at least one variant')
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${SEGMENT_FORMAT_SPECS[input.segmentFormat].playlistVersion}`, '#EXT-X-INDEPENDENT-SEGMENTS']
  for (const rendition of input.audio ?? []) lines.push(audioMedia(rendition))
  for (const rendition of input.subtitles ?? []) lines.push(subtitleMedia(rendition))
  for (const variant of input.variants) lines.push(streamInf(variant), variant.uri)
  return `${lines.join('\n')}\n`
}

export async function writeMasterPlaylist(path: string, input: MasterPlaylistInput): Promise<void> {
  await writeFile(path, renderMasterPlaylist(input), 'utf8')
}
