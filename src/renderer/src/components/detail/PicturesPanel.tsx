import { useEffect } from 'react'
import type { Job } from '@shared/job'
import { useLibraryStore } from '../../stores/library-store'
import { Panel } from '../common/Panel'
import { packageUrl, publishedBase } from '../library/item-urls'

const PICTURES = [
  { key: 'poster', label: 'Poster' },
  { key: 'grid', label: 'Grid' },
  { key: 'waveform', label: 'Waveform' },
  { key: 'spectrogram', label: 'Spectrogram' }
] as const

/** The package's pictures (poster, grid, waveform, spectrogram), as the Library finds them on disk or in the bucket. */
export function PicturesPanel({ job }: { job: Job }): React.JSX.Element | null {
  const item = useLibraryStore((s) => s.collections.flatMap((c) => c.items).find((i) => i.jobId === job.id))
  const loaded = useLibraryStore((s) => s.loaded)
  const done = job.status === 'COMPLETED'
  useEffect(() => {
    // A job that just finished is not in a Library listed before it did.
    if (done && !item) void useLibraryStore.getState().refresh()
  }, [done, item, loaded])
  const base = item ? (item.local?.baseUrl ?? publishedBase(item)) : undefined
  const pictures = base && item ? PICTURES.flatMap((p) => (item.thumbnails[p.key] ? [{ ...p, url: packageUrl(base, item.thumbnails[p.key]!) }] : [])) : []
  if (pictures.length === 0) return null
  return (
    <Panel title="Pictures" id="pictures" description="Made from the encode itself: frames of the rungs, or the audio's own decode">
      <div className="detail-pictures">
        {pictures.map((p) => (
          <figure key={p.key} className={`detail-picture picture-${p.key}`}>
            <a href={p.url} target="_blank" rel="noreferrer">
              <img src={p.url} alt={`${p.label} of ${job.title}`} loading="lazy" />
            </a>
            <figcaption className="muted small">{p.label}</figcaption>
          </figure>
        ))}
      </div>
    </Panel>
  )
}
