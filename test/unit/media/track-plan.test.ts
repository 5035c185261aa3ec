import { describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import type { AudioStreamInfo, SubtitleStreamInfo } from '@shared/media'
import { planEncode } from '../../../src/main/engine/media/ladder'
import { languageName, languageTag, planEmbeddedSubtitles } from '../../../src/main/engine/media/track-plan'
import { sourceInfo } from '../../helpers/media-info-fixture'

const ctx = { canToneMap: true, encoder: 'libx264' }
const audio = (index: number, extra: Partial<AudioStreamInfo> = {}): AudioStreamInfo => ({ index, codec: 'aac', channels: 2, sampleRate: 48000, ...extra })
const subtitle = (index: number, codec: string, extra: Partial<SubtitleStreamInfo> = {}): SubtitleStreamInfo => ({ index, codec, isDefault: false, isForced: false, ...extra })

describe('audio and subtitle tracks in the plan', () => {
  it('reads ISO 639-2 tags as BCP 47 and names languages in their own words', () => {
    expect(['eng', 'fre', 'fra', 'ger', 'pt-BR', undefined, 'und', '!!'].map(languageTag)).toEqual(['en', 'fr', 'fr', 'de', 'pt-BR', 'und', 'und', 'und'])
    expect(['en', 'fr', 'de', 'und'].map(languageName)).toEqual(['English', 'Français', 'Deutsch', undefined])
  })

  it('makes every audio track a rendition, the default-flagged one the default, titles before language names', () => {
    const info = sourceInfo({}, {
      audio: audio(1, { language: 'eng' }),
      audioStreams: [audio(1, { language: 'eng' }), audio(2, { language: 'fre', isDefault: true }), audio(3, { language: 'eng', title: 'Director commentary', channels: 1 }), audio(4, { language: 'eng', channels: 6 })],
      audioStreamCount: 4
    })
    const plan = planEncode(info, resolveEncodeSettings(), ctx)
    expect(plan.audioRenditions?.map((r) => [r.id, r.streamIndex, r.language, r.name, r.isDefault])).toEqual([
      ['audio-0', 1, 'en', 'English', false],
      ['audio-1', 2, 'fr', 'Français', true],
      ['audio-2', 3, 'en', 'Director commentary', false],
      // Two untitled English tracks: NAMEs in a group must differ (RFC 8216 §4.3.4.1.1).
      ['audio-3', 4, 'en', 'English (4)', false]
    ])
    expect(plan.treatments).toEqual([
      { kind: 'audio-tracks', text: '4 audio tracks: English, Français, Director commentary, English (4)' },
      { kind: 'downmix', text: 'mono audio (Director commentary) spread over both stereo channels' },
      { kind: 'downmix', text: '6-channel audio (English (4)) downmixed to stereo' }
    ])
  })

  it('says "2 audio languages: English, Français" and takes the first track as default when none is flagged', () => {
    const info = sourceInfo({}, { audioStreams: [audio(1, { language: 'eng' }), audio(2, { language: 'fre' })], audioStreamCount: 2 })
    const plan = planEncode(info, resolveEncodeSettings(), ctx)
    expect(plan.audioRenditions?.map((r) => r.isDefault)).toEqual([true, false])
    expect(plan.treatments).toContainEqual({ kind: 'audio-tracks', text: '2 audio languages: English, Français' })
  })

  it('keeps text subtitle tracks as WebVTT, skips bitmap ones with the reason, and burns the one asked for', () => {
    const info = sourceInfo({}, {
      subtitles: [
        subtitle(2, 'subrip', { language: 'eng' }),
        subtitle(3, 'hdmv_pgs_subtitle', { language: 'fre' }),
        subtitle(4, 'ass', { language: 'fre', isForced: true, title: 'Panneaux' }),
        subtitle(5, 'dvd_subtitle')
      ]
    })
    const plan = planEncode(info, resolveEncodeSettings(), ctx)
    expect(plan.embeddedSubtitles?.map((s) => [s.track, s.language, s.name, s.forced, s.mode])).toEqual([
      [0, 'en', 'English', false, 'soft'],
      [1, 'fr', 'Français', false, 'skipped'],
      [2, 'fr', 'Panneaux', true, 'soft'],
      [3, 'und', 'Subtitles 4', false, 'skipped']
    ])
    expect(plan.treatments).toEqual([
      { kind: 'subtitle-tracks', text: '2 subtitle tracks as WebVTT: English, Panneaux (forced)' },
      { kind: 'subtitle-skipped', text: 'subtitle track 1 (Français, hdmv_pgs_subtitle) skipped: it is made of pictures, which WebVTT cannot carry' },
      { kind: 'subtitle-skipped', text: 'subtitle track 3 (Subtitles 4, dvd_subtitle) skipped: it is made of pictures, which WebVTT cannot carry' }
    ])
    const burned = planEncode(info, resolveEncodeSettings({ burnTrack: 2 }), ctx)
    expect(burned.embeddedSubtitles?.map((s) => s.mode)).toEqual(['soft', 'skipped', 'burn', 'skipped'])
    expect(burned.treatments).toContainEqual({ kind: 'subtitle-tracks', text: 'subtitle track 2 (Panneaux) burned into the picture' })
  })

  it('refuses --burn-track for a track that is missing or made of pictures, in words that say why', () => {
    const info = sourceInfo({}, { path: '/in/film.mkv', subtitles: [subtitle(2, 'subrip'), subtitle(3, 'hdmv_pgs_subtitle')] })
    expect(() => planEmbeddedSubtitles(info, 5)).toThrow('--burn-track 5: film.mkv has 2 subtitle tracks (0 to 1).')
    expect(() => planEmbeddedSubtitles(info, 1)).toThrow(/is hdmv_pgs_subtitle, which the studio cannot draw; pick a text track/)
    expect(() => planEmbeddedSubtitles(sourceInfo(), 0)).toThrow('--burn-track 0: clip.mov has no subtitle tracks.')
  })
})
