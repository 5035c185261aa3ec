/**
 * video.js lists the renditions of an HLS audio group as `player.audioTracks()`; VHS plays the
 * one that is enabled, and enabling one disables the others. These read and switch that list.
 */
export interface AudioTrackLike {
  id: string
  label: string
  language: string
  enabled: boolean
}

export interface AudioTrackListLike {
  length: number
  [index: number]: AudioTrackLike
  addEventListener(type: 'addtrack' | 'removetrack' | 'change', listener: () => void): void
  removeEventListener(type: 'addtrack' | 'removetrack' | 'change', listener: () => void): void
}

export interface AudioTrackOption {
  index: number
  /** The rendition's NAME, e.g. "Français". */
  label: string
  language: string
  enabled: boolean
}

export function audioOptionsOf(list: AudioTrackListLike): AudioTrackOption[] {
  const options: AudioTrackOption[] = []
  for (let index = 0; index < list.length; index++) {
    const track = list[index]
    if (track) options.push({ index, label: track.label || track.language || `Audio ${index + 1}`, language: track.language, enabled: track.enabled })
  }
  return options
}

export function selectAudioTrack(list: AudioTrackListLike, index: number): void {
  const chosen = list[index]
  if (!chosen) return
  // Enable first: a moment with no enabled track would leave VHS without audio to load.
  chosen.enabled = true
  for (let i = 0; i < list.length; i++) if (i !== index && list[i]) list[i]!.enabled = false
}
