import { useState } from 'react'
import { AudioLines, Cloud, Download, HardDrive, Link2, Lock, Music, Play, Trash2, Film } from 'lucide-react'
import type { LibraryItem, PlaybackSource } from '@shared/app'
import { formatBytes } from '../../format/numbers'
import { rungLabel } from '../../format/rung-label'
import { formatDuration, formatExpiry, formatRelativeTime } from '../../format/time'
import { shareKey, useLibraryStore } from '../../stores/library-store'
import { navigate } from '../../stores/nav-store'
import { Button } from '../common/Button'
import { CopyButton } from '../common/CopyButton'
import { IconButton } from '../common/IconButton'
import { DeleteDialog } from './DeleteDialog'
import { ShareDialog } from './ShareDialog'
import { downloadLinks, thumbnailUrl } from './item-urls'

function topRung(item: LibraryItem): string {
  const top = item.variants[0]
  if (!top) return ''
  return (top.kind === 'video' ? rungLabel(top.width, top.height) : undefined) ?? `${Math.round(top.averageBandwidth / 1000)} kbit/s`
}

function ShareLine({ link, label, copyLabel }: { link: PlaybackSource; label: string; copyLabel: string }): React.JSX.Element {
  return (
    <div className="share-line">
      <span className="share-url mono" title={link.url}>
        {link.url}
      </span>
      <span className="muted small">
        {label} {formatExpiry(link.expiresAt)}
      </span>
      <CopyButton text={link.url} label={copyLabel} />
    </div>
  )
}

export function LibraryItemCard({ item }: { item: LibraryItem }): React.JSX.Element {
  const [dialog, setDialog] = useState<'share' | 'delete' | undefined>()
  const share = useLibraryStore((s) => s.shares[item.jobId])
  const mp4Share = useLibraryStore((s) => s.shares[shareKey(item.jobId, true)])
  const [broken, setBroken] = useState(false)
  const [picture, setPicture] = useState<'default' | 'spectrogram'>('default')
  const thumb = broken ? undefined : thumbnailUrl(item, picture)
  const spectrogram = thumbnailUrl(item, 'spectrogram')
  const Kind = item.kind === 'audio' ? Music : Film
  const published = item.published
  const privateTarget = item.visibility === 'private'
  const mp4 = downloadLinks(item)

  return (
    <article className="item-card" data-job-id={item.jobId} aria-label={item.title}>
      <button type="button" className={`item-thumb item-thumb-${item.kind}`} onClick={() => navigate({ screen: 'player', id: item.jobId, from: item.local ? 'local' : 'remote' })} aria-label={`Play ${item.title}`}>
        {thumb ? <img src={thumb} alt="" loading="lazy" onError={() => setBroken(true)} /> : <Kind size={32} aria-hidden="true" />}
        <span className="item-duration tabular">{formatDuration(item.durationSeconds)}</span>
        <span className="item-play" aria-hidden="true">
          <Play size={22} />
        </span>
      </button>
      <div className="item-body">
        <div className="item-title-line">
          <h3 title={item.title}>{item.title}</h3>
          <IconButton label={`Delete ${item.title}`} tone="danger" icon={<Trash2 size={15} />} onClick={() => setDialog('delete')} />
        </div>
        <p className="item-meta">
          {topRung(item)} · {item.variants.length} {item.variants.length === 1 ? 'rendition' : 'renditions'}
          {item.hasSubtitles ? ' · subtitles' : ''} · {formatRelativeTime(item.createdAt)}
        </p>
        <div className="item-places">
          {item.local && (
            <span className="place place-local" title={item.local.dir}>
              <HardDrive size={13} aria-hidden="true" /> On this computer · {formatBytes(item.local.totalBytes)}
            </span>
          )}
          {published && (
            <span className={`place ${privateTarget ? 'place-private' : 'place-public'}`} title={published.keyPrefix}>
              {privateTarget ? <Lock size={13} aria-hidden="true" /> : <Cloud size={13} aria-hidden="true" />} {published.target} · {privateTarget ? 'private' : 'public'}
            </span>
          )}
        </div>
        <div className="item-actions">
          {item.local && (
            <Button size="sm" icon={<Play size={14} />} onClick={() => navigate({ screen: 'player', id: item.jobId, from: 'local' })}>
              Local
            </Button>
          )}
          {published && (
            <Button size="sm" icon={<Cloud size={14} />} onClick={() => navigate({ screen: 'player', id: item.jobId, from: 'remote' })}>
              Published
            </Button>
          )}
          {published && !privateTarget && <CopyButton text={published.publicUrl ?? published.masterPlaylistUrl} />}
          {spectrogram && (
            <Button size="sm" variant="ghost" icon={<AudioLines size={14} />} aria-pressed={picture === 'spectrogram'} onClick={() => setPicture(picture === 'spectrogram' ? 'default' : 'spectrogram')}>
              {picture === 'spectrogram' ? (item.kind === 'audio' ? 'Waveform' : 'Poster') : 'Spectrogram'}
            </Button>
          )}
          {mp4.href && (
            <a className="btn btn-secondary btn-sm" href={mp4.href} download={`${item.title}.mp4`}>
              <Download size={14} aria-hidden="true" />
              <span>Download MP4</span>
            </a>
          )}
          {mp4.copy && <CopyButton text={mp4.copy} label="Copy MP4 link" />}
          {published && privateTarget && (
            <Button size="sm" variant="ghost" icon={<Link2 size={14} />} onClick={() => setDialog('share')}>
              Share link
            </Button>
          )}
        </div>
        {share && <ShareLine link={share} label="Share link" copyLabel="Copy link" />}
        {mp4Share && <ShareLine link={mp4Share} label="MP4 link" copyLabel="Copy MP4 share link" />}
      </div>
      {dialog === 'share' && <ShareDialog item={item} onClose={() => setDialog(undefined)} />}
      {dialog === 'delete' && <DeleteDialog item={item} onClose={() => setDialog(undefined)} />}
    </article>
  )
}
