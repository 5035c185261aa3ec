import { useState } from 'react'
import type { LibraryItem, PlaybackSource } from '@shared/app'
import { formatExpiry } from '../../format/time'
import { useLibraryStore } from '../../stores/library-store'
import { Button } from '../common/Button'
import { CopyButton } from '../common/CopyButton'
import { Dialog } from '../common/Dialog'

/** SigV4 presigned links live at most 7 days, so that is the longest choice. */
const EXPIRIES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '3 days', seconds: 3 * 86_400 },
  { label: '7 days', seconds: 7 * 86_400 }
]

export function ShareDialog({ item, onClose }: { item: LibraryItem; onClose: () => void }): React.JSX.Element {
  const [seconds, setSeconds] = useState(86_400)
  const [busy, setBusy] = useState(false)
  const [link, setLink] = useState<PlaybackSource | undefined>()
  const [mp4, setMp4] = useState(false)
  const canShareMp4 = Boolean(item.download && item.published?.downloadUrl)
  const create = async (): Promise<void> => {
    setBusy(true)
    setLink(await useLibraryStore.getState().share(item.jobId, seconds, mp4))
    setBusy(false)
  }
  return (
    <Dialog
      title={`Share “${item.title}”`}
      onClose={onClose}
      footer={
        link ? (
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button variant="primary" busy={busy} onClick={() => void create()}>
              Create link
            </Button>
          </>
        )
      }
    >
      <p>
        The bucket <strong>{item.published?.target}</strong> is private. A share link lets anyone with it watch this package until it expires; signed copies of
        the playlists are written next to the package.
      </p>
      {!link && canShareMp4 && (
        <fieldset className="choice-row">
          <legend>Link to</legend>
          <label className={`choice${!mp4 ? ' is-selected' : ''}`}>
            <input type="radio" name="what" checked={!mp4} onChange={() => setMp4(false)} />
            The video (HLS)
          </label>
          <label className={`choice${mp4 ? ' is-selected' : ''}`}>
            <input type="radio" name="what" checked={mp4} onChange={() => setMp4(true)} />
            The MP4 download
          </label>
        </fieldset>
      )}
      {!link ? (
        <fieldset className="choice-row">
          <legend>Link works for</legend>
          {EXPIRIES.map((e) => (
            <label key={e.seconds} className={`choice${seconds === e.seconds ? ' is-selected' : ''}`}>
              <input type="radio" name="expiry" value={e.seconds} checked={seconds === e.seconds} onChange={() => setSeconds(e.seconds)} />
              {e.label}
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="share-result">
          <input className="input mono" readOnly value={link.url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} data-autofocus />
          <div className="share-result-foot">
            <span className="muted small">{formatExpiry(link.expiresAt)}</span>
            <CopyButton text={link.url} label="Copy link" />
          </div>
        </div>
      )}
    </Dialog>
  )
}
