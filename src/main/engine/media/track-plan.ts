import { StudioError } from '@shared/errors'
import type { AudioStreamInfo, MediaInfo, SubtitleStreamInfo } from '@shared/media'
import type { AudioRenditionPlan, EmbeddedSubtitlePlan, EncodePlan, SourceTreatment } from '@shared/plan'

/** Subtitle codecs whose cues are text, so ffmpeg can turn them into WebVTT. */
const TEXT_SUBTITLE_CODECS = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text'])
/** Bitmap subtitles (Blu-ray PGS, DVB, DVD VobSub): pictures, not text, so no WebVTT. */
const IMAGE_SUBTITLE_CODECS = new Set(['hdmv_pgs_subtitle', 'pgssub', 'dvb_subtitle', 'dvd_subtitle', 'xsub'])

export const AUDIO_RENDITION_PREFIX = 'audio-'

/**
 * A stream's language tag as BCP 47. Containers write ISO 639-2 ("eng", "fre", "ger"); ICU's
 * canonicalisation maps those to "en", "fr", "de". Missing or unreadable tags are "und".
 */
export function languageTag(raw: string | undefined): string {
  if (!raw || /^und$/i.test(raw)) return 'und'
  try {
    return Intl.getCanonicalLocales(raw.trim())[0] ?? 'und'
  } catch {
    return 'und'
  }
}

/** The language's name in that language, as a viewer choosing it looks for it: "English", "Français". */
export function languageName(tag: string): string | undefined {
  if (tag === 'und') return undefined
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag)
    if (!name || name.toLowerCase() === tag.toLowerCase()) return undefined
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1)
  } catch {
    return undefined
  }
}

/** RFC 8216 §4.3.4.1.1: every NAME in a group differs. Repeats get their place in the list. */
export function uniqueNames(names: readonly string[]): string[] {
  return names.map((name, i) => (names.indexOf(name) === i ? name : `${name} (${i + 1})`))
}

function audioStreamsOf(info: MediaInfo): AudioStreamInfo[] {
  return info.audioStreams ?? (info.audio ? [info.audio] : [])
}

/** Every audio track, each its own rendition; the first flagged default (or the first) is the default. */
export function planAudioRenditions(info: MediaInfo): AudioRenditionPlan[] {
  const streams = audioStreamsOf(info)
  const flagged = streams.findIndex((s) => s.isDefault)
  const defaultAt = flagged >= 0 ? flagged : 0
  const languages = streams.map((s) => languageTag(s.language))
  const names = uniqueNames(streams.map((s, i) => s.title?.trim() || languageName(languages[i]!) || (streams.length > 1 ? `Audio ${i + 1}` : 'Audio')))
  return streams.map((stream, i) => ({
    id: `${AUDIO_RENDITION_PREFIX}${i}`,
    streamIndex: stream.index,
    language: languages[i]!,
    name: names[i]!,
    isDefault: i === defaultAt,
    sourceChannels: stream.channels
  }))
}

function subtitleName(stream: SubtitleStreamInfo, language: string, track: number): string {
  return stream.title?.trim() || languageName(language) || `Subtitles ${track + 1}`
}

/**
 * What happens to each subtitle track in the source: text tracks become WebVTT renditions (or,
 * for `--burn-track N`, are drawn into the picture); bitmap tracks are skipped.
 */
export function planEmbeddedSubtitles(info: MediaInfo, burnTrack?: number): EmbeddedSubtitlePlan[] {
  const name = info.path.split(/[\\/]/).pop() ?? info.path
  if (burnTrack !== undefined) {
    const chosen = info.subtitles[burnTrack]
    if (!chosen) {
      const count = info.subtitles.length
      throw new StudioError(
        'INVALID_INPUT',
        `--burn-track ${burnTrack}: ${name} has ${count === 0 ? 'no subtitle tracks' : `${count} subtitle track${count > 1 ? 's' : ''} (0 to ${count - 1})`}.`
      )
    }
    if (!TEXT_SUBTITLE_CODECS.has(chosen.codec)) {
      throw new StudioError('INVALID_INPUT', `--burn-track ${burnTrack}: that track of ${name} is ${chosen.codec}, which the studio cannot draw; pick a text track (SubRip, ASS/SSA, mov_text or WebVTT).`)
    }
  }
  return info.subtitles.map((stream, track) => {
    const language = languageTag(stream.language)
    const text = TEXT_SUBTITLE_CODECS.has(stream.codec)
    return {
      streamIndex: stream.index,
      track,
      codec: stream.codec,
      language,
      name: subtitleName(stream, language, track),
      forced: stream.isForced,
      isDefault: stream.isDefault,
      mode: !text ? 'skipped' : track === burnTrack ? 'burn' : 'soft'
    }
  })
}

function listed(names: readonly string[]): string {
  return names.join(', ')
}

function skipReason(codec: string): string {
  return IMAGE_SUBTITLE_CODECS.has(codec)
    ? 'it is made of pictures, which WebVTT cannot carry'
    : 'it is not a text format the studio can turn into WebVTT'
}

/** What the job does to the source's sound and subtitle tracks, in plain words for the job detail. */
export function trackTreatments(audio: readonly AudioRenditionPlan[], subtitles: readonly EmbeddedSubtitlePlan[]): SourceTreatment[] {
  const treatments: SourceTreatment[] = []
  if (audio.length > 1) {
    // "languages" only when each track is one; two English tracks (a commentary) are tracks.
    const distinct = new Set(audio.map((a) => a.language)).size === audio.length && audio.every((a) => a.language !== 'und')
    treatments.push({ kind: 'audio-tracks', text: `${audio.length} audio ${distinct ? 'languages' : 'tracks'}: ${listed(audio.map((a) => a.name))}` })
  }
  for (const track of audio) {
    if (track.sourceChannels === 2) continue
    const which = audio.length > 1 ? ` (${track.name})` : ''
    const text = track.sourceChannels === 1 ? `mono audio${which} spread over both stereo channels` : `${track.sourceChannels}-channel audio${which} downmixed to stereo`
    treatments.push({ kind: 'downmix', text })
  }
  const soft = subtitles.filter((s) => s.mode === 'soft')
  if (soft.length > 0) {
    const names = soft.map((s) => `${s.name}${s.forced ? ' (forced)' : ''}`)
    treatments.push({ kind: 'subtitle-tracks', text: `${soft.length} subtitle track${soft.length > 1 ? 's' : ''} as WebVTT: ${listed(names)}` })
  }
  for (const burned of subtitles.filter((s) => s.mode === 'burn')) {
    treatments.push({ kind: 'subtitle-tracks', text: `subtitle track ${burned.track} (${burned.name}) burned into the picture` })
  }
  for (const skipped of subtitles.filter((s) => s.mode === 'skipped')) {
    treatments.push({ kind: 'subtitle-skipped', text: `subtitle track ${skipped.track} (${skipped.name}, ${skipped.codec}) skipped: ${skipReason(skipped.codec)}` })
  }
  return treatments
}

/** The audio renditions, embedded subtitles and their treatments of a video job's plan. */
export function planTracks(info: MediaInfo, burnTrack: number | undefined, hasAudio: boolean): Pick<EncodePlan, 'audioRenditions' | 'embeddedSubtitles' | 'treatments'> {
  const audioRenditions = hasAudio ? planAudioRenditions(info) : []
  const embeddedSubtitles = planEmbeddedSubtitles(info, burnTrack)
  return {
    audioRenditions: audioRenditions.length > 0 ? audioRenditions : undefined,
    embeddedSubtitles: embeddedSubtitles.length > 0 ? embeddedSubtitles : undefined,
    treatments: trackTreatments(audioRenditions, embeddedSubtitles)
  }
}
