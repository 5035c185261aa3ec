import type { LibraryItem, PlaybackSource } from '@shared/app'
import { formatBitrate } from '../../format/numbers'
import { formatExpiry } from '../../format/time'
import { playerControls, usePlayerStore } from '../../stores/player-store'
import { CopyButton } from '../common/CopyButton'

const ORIGIN_TEXT: Record<PlaybackSource['origin'], string> = {
  local: 'From the package on this computer',
  public: 'From the public bucket URL',
  proxy: 'From the private bucket, through the studio’s signing proxy',
  share: 'From a share link'
}

/** Quality (force a rung or auto), audio language and subtitles, beside the picture where they are easy to reach. */
export function PlayerSidePanel({ item, source }: { item: LibraryItem | undefined; source: PlaybackSource | undefined }): React.JSX.Element {
  const renditions = usePlayerStore((s) => s.renditions)
  const forced = usePlayerStore((s) => s.forced)
  const playing = usePlayerStore((s) => s.playing)
  const subtitles = usePlayerStore((s) => s.subtitles)
  const audioTracks = usePlayerStore((s) => s.audioTracks)
  const showing = subtitles.find((t) => t.showing)

  return (
    <aside className="player-side" aria-label="Playback options">
      <section>
        <h2 className="side-title">Quality</h2>
        <div className="menu-list" role="radiogroup" aria-label="Quality">
          <button type="button" role="radio" aria-checked={forced === undefined} className={`menu-item${forced === undefined ? ' is-selected' : ''}`} onClick={() => playerControls.force(undefined)}>
            <span>Auto</span>
            <span className="menu-note">{forced === undefined && playing ? `playing ${renditions.find((r) => r.variantId === playing)?.label ?? playing}` : 'adapts to the connection'}</span>
          </button>
          {renditions.map((r) => (
            <button
              type="button"
              role="radio"
              key={r.variantId}
              aria-checked={forced === r.variantId}
              className={`menu-item${forced === r.variantId ? ' is-selected' : ''}`}
              data-variant={r.variantId}
              onClick={() => playerControls.force(r.variantId)}
            >
              <span>
                <span className="rung-id mono">{r.variantId}</span> {r.label}
              </span>
              <span className="menu-note tabular">{formatBitrate(r.bitrate)}</span>
            </button>
          ))}
          {renditions.length === 0 && <p className="muted small">Renditions appear once the stream has loaded.</p>}
        </div>
      </section>
      {audioTracks.length > 1 && (
        <section>
          <h2 className="side-title">Audio</h2>
          <div className="menu-list" role="radiogroup" aria-label="Audio">
            {audioTracks.map((t) => (
              <button type="button" role="radio" key={t.index} aria-checked={t.enabled} className={`menu-item${t.enabled ? ' is-selected' : ''}`} data-language={t.language} onClick={() => playerControls.selectAudio(t.index)}>
                <span>{t.label}</span>
                <span className="menu-note">{t.language}</span>
              </button>
            ))}
          </div>
        </section>
      )}
      {(subtitles.length > 0 || item?.hasSubtitles) && (
        <section>
          <h2 className="side-title">Subtitles</h2>
          <div className="menu-list" role="radiogroup" aria-label="Subtitles">
            <button type="button" role="radio" aria-checked={!showing} className={`menu-item${!showing ? ' is-selected' : ''}`} onClick={() => playerControls.showSubtitles(undefined)}>
              Off
            </button>
            {subtitles.map((t) => (
              <button type="button" role="radio" key={t.index} aria-checked={t.showing} className={`menu-item${t.showing ? ' is-selected' : ''}`} onClick={() => playerControls.showSubtitles(t.index)}>
                <span>{t.label}</span>
                <span className="menu-note">{t.language}</span>
              </button>
            ))}
          </div>
        </section>
      )}
      {source && (
        <section>
          <h2 className="side-title">Stream</h2>
          <p className="small muted">{ORIGIN_TEXT[source.origin]}</p>
          {source.expiresAt && <p className="small muted">Signed URLs {formatExpiry(source.expiresAt)}.</p>}
          {source.origin !== 'local' && (
            <div className="url-box">
              <span className="mono break small">{source.url}</span>
              <CopyButton text={source.url} />
            </div>
          )}
        </section>
      )}
    </aside>
  )
}
