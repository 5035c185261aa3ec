import { useIntakeStore } from '../../stores/intake-store'
import { formatBytes } from '../../format/numbers'
import { ProgressBar } from '../common/ProgressBar'

/** Browser uploads (serve mode) before their jobs exist: the files are still on their way. */
export function UploadStrip(): React.JSX.Element | null {
  const uploads = useIntakeStore((s) => s.uploads)
  if (uploads.length === 0) return null
  const sent = uploads.reduce((n, u) => n + u.sentBytes, 0)
  const total = uploads.reduce((n, u) => n + u.totalBytes, 0)
  const current = uploads[0]!
  return (
    <div className="upload-strip" role="status">
      <div className="upload-strip-text">
        <strong>Sending {uploads.length === 1 ? current.name : `${uploads.length} files`} to the studio</strong>
        <span className="tabular">
          {formatBytes(sent)} of {formatBytes(total)}
        </span>
      </div>
      <ProgressBar percent={total > 0 ? (sent / total) * 100 : 0} tone="upload" label="Sending files" size="sm" />
    </div>
  )
}
