import { useEffect, useRef, useState } from 'react'
import videojs from 'video.js'
import type Player from 'video.js/dist/types/player'
import 'video.js/dist/video-js.css'
import { playerControls, usePlayerStore, type SubtitleTrack } from '../stores/player-store'
import { audioOptionsOf, selectAudioTrack, type AudioTrackListLike } from './audio-tracks'
import { forceRendition, renditionsOf, variantIdOf, type QualityLevelList } from './quality-levels'
import { attachStoryboard } from './storyboard-preview'

interface VideoPlayerProps {
  src: string
  /** The package's MP4 download: played over Range when the browser can play no HLS at all. */
  fallbackMp4?: string
  poster?: string
  storyboardVtt?: string
  audioOnly?: boolean
  /** The picture's shape (width / height), so a portrait clip is framed whole before it loads. */
  aspect?: number
}

/**
 * VHS's adaptive choices. By default it trusts the Network Information API, whose estimate
 * (1.5 Mbit/s in headless Chromium, capped at 10) overrides what it measures, and it caps the
 * rung at the player's size: a creator judging a local encode then sees only a lower rung.
 * Measured bandwidth alone reaches the top rung within the first segments, as hls.js, Shaka
 * and VLC do; on a slow link it still steps down.
 */
const VHS_OPTIONS = {
  overrideNative: true,
  useNetworkInformationApi: false,
  limitRenditionByPlayerDimensions: false,
  useDevicePixelRatio: true
}

interface TextTrackLike {
  kind: string
  label: string
  language: string
  mode: string
}

function subtitleTracks(player: Player): Array<{ index: number; track: TextTrackLike }> {
  const list = player.textTracks() as unknown as { length: number; [i: number]: TextTrackLike }
  const found: Array<{ index: number; track: TextTrackLike }> = []
  for (let index = 0; index < list.length; index++) {
    const track = list[index]
    if (track && (track.kind === 'subtitles' || track.kind === 'captions')) found.push({ index, track })
  }
  return found
}

/**
 * video.js 8 with its built-in HLS (VHS), forced over any native HLS so quality levels are
 * always there. The element is made by hand and disposed on unmount, as video.js asks of React.
 */
export function VideoPlayer({ src, fallbackMp4, poster, storyboardVtt, audioOnly = false, aspect = 16 / 9 }: VideoPlayerProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const [shape, setShape] = useState(aspect)
  useEffect(() => setShape(aspect), [aspect])

  useEffect(() => {
    const element = document.createElement('video-js')
    element.classList.add('vjs-studio', 'vjs-big-play-centered')
    host.current?.append(element)
    const store = usePlayerStore.getState()
    store.reset()
    const player = videojs(element, {
      controls: true,
      // The frame around the player is sized to fit the window (player.css); the player fills it.
      fluid: false,
      fill: true,
      // A phone-wide player drops the controls that do not fit, instead of cutting them off.
      responsive: true,
      preload: 'auto',
      poster,
      // An audio package keeps its waveform on screen while it plays.
      audioPosterMode: audioOnly,
      playbackRates: [0.5, 1, 1.25, 1.5, 2],
      html5: { vhs: VHS_OPTIONS, nativeAudioTracks: false, nativeVideoTracks: false, nativeTextTracks: false },
      // The Audio menu beside the picture switches languages; the bar keeps its width at 390 px.
      controlBar: { pictureInPictureToggle: false, audioTrackButton: false }
    })
    // video.js plays the first source a tech can: HLS wherever MSE (or native HLS) is there, else the MP4.
    player.src([{ src, type: 'application/x-mpegURL' }, ...(fallbackMp4 ? [{ src: fallbackMp4, type: 'video/mp4' }] : [])])

    const levels = (player as unknown as { qualityLevels: () => QualityLevelList }).qualityLevels()
    const syncLevels = (): void => {
      const selected = levels[levels.selectedIndex]
      usePlayerStore.setState({ renditions: renditionsOf(levels), playing: selected ? variantIdOf(selected.id) : undefined })
    }
    levels.on('addqualitylevel', syncLevels)
    levels.on('removequalitylevel', syncLevels)
    levels.on('change', syncLevels)

    const syncTracks = (): void => {
      const tracks: SubtitleTrack[] = subtitleTracks(player).map(({ index, track }) => ({
        index,
        label: track.label || track.language || 'Subtitles',
        language: track.language,
        showing: track.mode === 'showing'
      }))
      usePlayerStore.setState({ subtitles: tracks })
    }
    const textTracks = player.textTracks() as unknown as { addEventListener: (t: string, l: () => void) => void; removeEventListener: (t: string, l: () => void) => void }
    textTracks.addEventListener('addtrack', syncTracks)
    textTracks.addEventListener('removetrack', syncTracks)
    textTracks.addEventListener('change', syncTracks)

    player.on('loadedmetadata', () => {
      const width = player.videoWidth()
      const height = player.videoHeight()
      if (width > 0 && height > 0) setShape(width / height)
    })

    const audioTracks = player.audioTracks() as unknown as AudioTrackListLike
    const syncAudio = (): void => usePlayerStore.setState({ audioTracks: audioOptionsOf(audioTracks) })
    for (const type of ['addtrack', 'removetrack', 'change'] as const) audioTracks.addEventListener(type, syncAudio)

    player.on('error', () => {
      const error = player.error()
      usePlayerStore.setState({ error: error?.message || 'The stream could not be played.' })
    })

    playerControls.force = (variantId) => {
      forceRendition(levels, variantId)
      usePlayerStore.setState({ forced: variantId })
    }
    playerControls.showSubtitles = (index) => {
      for (const { index: i, track } of subtitleTracks(player)) track.mode = i === index ? 'showing' : 'disabled'
      syncTracks()
    }
    playerControls.selectAudio = (index) => {
      selectAudioTrack(audioTracks, index)
      syncAudio()
    }

    const abort = new AbortController()
    let detachStoryboard: (() => void) | undefined
    if (storyboardVtt) {
      player.ready(() => {
        attachStoryboard(player, storyboardVtt, abort.signal)
          .then((detach) => {
            if (abort.signal.aborted) detach()
            else detachStoryboard = detach
          })
          .catch(() => undefined) // Previews are a nicety; playback goes on without them.
      })
    }

    return () => {
      abort.abort()
      detachStoryboard?.()
      playerControls.force = () => undefined
      playerControls.showSubtitles = () => undefined
      playerControls.selectAudio = () => undefined
      for (const type of ['addtrack', 'removetrack', 'change'] as const) audioTracks.removeEventListener(type, syncAudio)
      levels.off('addqualitylevel', syncLevels)
      levels.off('removequalitylevel', syncLevels)
      levels.off('change', syncLevels)
      textTracks.removeEventListener('addtrack', syncTracks)
      textTracks.removeEventListener('removetrack', syncTracks)
      textTracks.removeEventListener('change', syncTracks)
      player.dispose()
    }
  }, [src, fallbackMp4, poster, storyboardVtt, audioOnly])

  const frame = { '--player-aspect': String(shape) } as React.CSSProperties
  return <div className={`player-host${audioOnly ? ' is-audio' : ''}`} style={frame} ref={host} data-vjs-player />
}
