import { create } from 'zustand'
import type { AudioTrackOption } from '../player/audio-tracks'
import type { Rendition } from '../player/quality-levels'

export interface SubtitleTrack {
  index: number
  label: string
  language: string
  showing: boolean
}

/** What the embedded player reports, for the menus beside it. The player itself lives in VideoPlayer. */
interface PlayerState {
  renditions: Rendition[]
  /** The rendition forced by the person; undefined = auto. */
  forced: string | undefined
  /** What the adaptive logic picked last. */
  playing: string | undefined
  subtitles: SubtitleTrack[]
  /** The audio group's renditions (one per language), when the package has them. */
  audioTracks: AudioTrackOption[]
  error: string | undefined
  reset: () => void
}

export const usePlayerStore = create<PlayerState>()((set) => ({
  renditions: [],
  forced: undefined,
  playing: undefined,
  subtitles: [],
  audioTracks: [],
  error: undefined,
  reset: () => set({ renditions: [], forced: undefined, playing: undefined, subtitles: [], audioTracks: [], error: undefined })
}))

/** The menus talk to the player through these, set by VideoPlayer while it is mounted. */
export const playerControls: {
  force: (variantId: string | undefined) => void
  showSubtitles: (index: number | undefined) => void
  selectAudio: (index: number) => void
} = {
  force: () => undefined,
  showSubtitles: () => undefined,
  selectAudio: () => undefined
}
