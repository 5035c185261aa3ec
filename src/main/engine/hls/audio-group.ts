import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { AudioRenditionSummary } from '@shared/job'
import type { EncodePlan } from '@shared/plan'
import { PLAYLIST_NAME } from '../media/output-args'
import { readStreamFacts } from '../media/stream-facts'
import type { AudioRendition } from './master'
import { measureBandwidth, readMediaPlaylist } from './media-playlist'

export const AUDIO_GROUP = 'audio'

export interface AudioGroupInput {
  packageDir: string
  plan: EncodePlan
  ffmpegPath: string
  ffprobePath: string
  signal?: AbortSignal
}

/** Measures every audio rendition of a video package, for job.json and the master's EXT-X-MEDIA lines. */
export async function summarizeAudioGroup(input: AudioGroupInput): Promise<{ summaries: AudioRenditionSummary[]; media: AudioRendition[] }> {
  const summaries: AudioRenditionSummary[] = []
  const media: AudioRendition[] = []
  for (const rendition of input.plan.audioRenditions ?? []) {
    const playlist = `${rendition.id}/${PLAYLIST_NAME}`
    const facts = await readMediaPlaylist(input.packageDir, playlist).catch(() => undefined)
    if (!facts || facts.segments.length === 0 || !facts.endlist) {
      throw new StudioError('FFMPEG_FAILED', `ffmpeg did not finish the audio rendition ${rendition.id} (${rendition.name}).`)
    }
    const stream = await readStreamFacts({
      ffmpegPath: input.ffmpegPath,
      ffprobePath: input.ffprobePath,
      initPath: facts.init ? join(input.packageDir, facts.init.path) : undefined,
      segmentPath: join(input.packageDir, facts.segments[0]!.path),
      signal: input.signal
    })
    const bandwidth = measureBandwidth(facts.segments, facts.targetDuration)
    summaries.push({
      id: rendition.id,
      playlist,
      language: rendition.language,
      name: rendition.name,
      isDefault: rendition.isDefault,
      codecs: stream.codecs,
      bandwidth: bandwidth.peak,
      averageBandwidth: bandwidth.average,
      segmentCount: facts.segments.length,
      durationSeconds: facts.durationSeconds
    })
    media.push({
      groupId: AUDIO_GROUP,
      name: rendition.name,
      language: rendition.language,
      uri: playlist,
      isDefault: rendition.isDefault,
      channels: input.plan.audio?.channels ?? 2
    })
  }
  return { summaries, media }
}

/**
 * RFC 8216 §4.3.4.2: with an audio group, BANDWIDTH is the largest sum of peak rates of any
 * playable combination, so a variant carries its own peak plus the largest rendition's.
 */
export function withAudioGroup<T extends { bandwidth: number; averageBandwidth: number; codecs: string }>(
  variant: T,
  group: readonly AudioRenditionSummary[]
): T {
  if (group.length === 0) return variant
  const peak = Math.max(...group.map((r) => r.bandwidth))
  const average = Math.max(...group.map((r) => r.averageBandwidth))
  const codecs = [...new Set([...variant.codecs.split(','), ...group.map((r) => r.codecs)].filter(Boolean))].join(',')
  return { ...variant, bandwidth: variant.bandwidth + peak, averageBandwidth: variant.averageBandwidth + average, codecs }
}
