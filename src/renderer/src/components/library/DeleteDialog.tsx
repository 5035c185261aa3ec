import { useState } from 'react'
import type { LibraryItem } from '@shared/app'
import { useLibraryStore } from '../../stores/library-store'
import { Button } from '../common/Button'
import { Dialog } from '../common/Dialog'

/** Deleting cannot be undone, so the person says exactly where, and the source is never touched. */
export function DeleteDialog({ item, onClose }: { item: LibraryItem; onClose: () => void }): React.JSX.Element {
  const [local, setLocal] = useState(!!item.local)
  const [remote, setRemote] = useState(false)
  const [busy, setBusy] = useState(false)
  const confirm = async (): Promise<void> => {
    setBusy(true)
    const done = await useLibraryStore.getState().remove(item.jobId, { local, remote })
    setBusy(false)
    if (done) onClose()
  }
  return (
    <Dialog
      title={`Delete “${item.title}”?`}
      tone="danger"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Keep it</Button>
          <Button variant="danger" busy={busy} disabled={!local && !remote} onClick={() => void confirm()}>
            Delete
          </Button>
        </>
      }
    >
      <p>Choose what to delete. The original file you dropped is never deleted.</p>
      <div className="check-list">
        {item.local && (
          <label className="check">
            <input type="checkbox" checked={local} onChange={(e) => setLocal(e.currentTarget.checked)} />
            <span>
              The package on this computer <span className="muted mono small break">{item.local.dir}</span>
            </span>
          </label>
        )}
        {item.published && (
          <label className="check">
            <input type="checkbox" checked={remote} onChange={(e) => setRemote(e.currentTarget.checked)} />
            <span>
              The published copy in <strong>{item.published.target}</strong> <span className="muted mono small break">{item.published.keyPrefix}</span>
              <span className="muted small"> Links to it stop working.</span>
            </span>
          </label>
        )}
      </div>
    </Dialog>
  )
}
