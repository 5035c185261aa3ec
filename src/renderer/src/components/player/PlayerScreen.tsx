import { useEffect, useState } from 'react'
import { ArrowLeft, CircleAlert, Cloud, HardDrive } from 'lucide-react'
import type { LibraryItem, PlaybackSource } from '@shared/app'
import { errorText } from '../../format/error-text'
import { useLibraryStore } from '../../stores/library-store'
import { navigate } from '../../stores/nav-store'
import { usePlayerStore } from '../../stores/player-store'
import { studio } from '../../stores/studio-client'
import { packageUrl } from '../library/item-urls'
import { VideoPlayer } from '../../player/VideoPlayer'
import { PlayerSidePanel } from './PlayerSidePanel'

function findItem(collections: ReturnType<typeof useLibraryStore.getState>['collections'], id: string): LibraryItem | undefined {
  for (const c of collections) {
    const item = c.items.find((i) => i.jobId === id)
    if (item) return item
  }
  return undefined
}

/** Plays a package from this computer or from the bucket (public directly, private through the proxy). */
export function PlayerScreen({ id, from }: { id: string; from: 'local' | 'remote' }): React.JSX.Element {
  const item = useLibraryStore((s) => findItem(s.collections, id))
  const loaded = useLibraryStore((s) => s.loaded)
  const playerError = usePlayerStore((s) => s.error)
  const [source, setSource] = useState<PlaybackSource | undefined>()
  const [error, setError] = useState<string | undefined>()

  useEffect(() => {
    if (!loaded) void useLibraryStore.getState().refresh()
  }, [loaded])

  useEffect(() => {
    let live = true
    setSource(undefined)
    setError(undefined)
    studio()
      .invoke('playback.source', { id, from })
      .then((s) => live && setSource(s))
      .catch((e: unknown) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [id, from])

  const title = item?.title ?? 'Player'
  const storyboard = source && item?.thumbnails.storyboardVtt ? packageUrl(source.baseUrl, item.thumbnails.storyboardVtt) : undefined
  const posterPath = item?.thumbnails.poster ?? item?.thumbnails.waveform
  const poster = source && posterPath ? packageUrl(source.baseUrl, posterPath) : undefined
  // A share link's folder is not signed: only the playlists it rewrote can be read through it.
  const fallbackMp4 = source && item?.download && source.origin !== 'share' ? packageUrl(source.baseUrl, item.download) : undefined
  const top = item?.variants.find((v) => v.kind === 'video' && v.width && v.height)
  const aspect = top ? top.width! / top.height! : undefined

  return (
    <div className="screen player-screen" data-testid="player">
      <button type="button" className="back-link" onClick={() => navigate({ screen: 'library' })}>
        <ArrowLeft size={16} aria-hidden="true" /> Library
      </button>
      <header className="screen-header">
        <div className="screen-title">
          <h1>{title}</h1>
        </div>
        <div className="segmented" role="group" aria-label="Play from">
          <button type="button" className={from === 'local' ? 'is-selected' : ''} aria-pressed={from === 'local'} disabled={loaded && !!item && !item.local} onClick={() => navigate({ screen: 'player', id, from: 'local' })}>
            <HardDrive size={14} aria-hidden="true" /> This computer
          </button>
          <button type="button" className={from === 'remote' ? 'is-selected' : ''} aria-pressed={from === 'remote'} disabled={loaded && !!item && !item.published} onClick={() => navigate({ screen: 'player', id, from: 'remote' })}>
            <Cloud size={14} aria-hidden="true" /> Published
          </button>
        </div>
      </header>
      <div className="player-layout">
        <div className="player-stage">
          {error ? (
            <div className="player-message" role="alert">
              <CircleAlert size={22} aria-hidden="true" />
              <p>{error}</p>
            </div>
          ) : source ? (
            <VideoPlayer src={source.url} fallbackMp4={fallbackMp4} poster={poster} storyboardVtt={storyboard} audioOnly={item?.kind === 'audio'} aspect={aspect} />
          ) : (
            <div className="player-message" aria-busy="true">
              <p>Opening the stream…</p>
            </div>
          )}
          {playerError && !error && (
            <div className="callout callout-danger" role="alert">
              <CircleAlert size={18} aria-hidden="true" />
              <p>{playerError}</p>
            </div>
          )}
        </div>
        <PlayerSidePanel item={item} source={source} />
      </div>
    </div>
  )
}
