import type { Job } from '@shared/job'
import { formatBytes } from '../../format/numbers'
import { formatRelativeTime } from '../../format/time'
import { CopyButton } from '../common/CopyButton'
import { Panel } from '../common/Panel'

/** A file of the package as a path inside its folder. */
function insidePackage(path: string, dir: string): string {
  return path.startsWith(dir) ? path.slice(dir.length).replace(/^[\\/]/, '') : path
}

/** Where the package is: the folder on disk, and the bucket when published. */
export function OutputsPanel({ job }: { job: Job }): React.JSX.Element {
  const out = job.outputs
  const published = out?.published
  return (
    <Panel title="Outputs" id="outputs">
      {!out ? (
        <p className="muted">
          The package will be written to <code>{job.outputDir}</code>
          {job.target ? ` and published to ${job.target}` : ''}.
        </p>
      ) : (
        <dl className="facts">
          <dt>Folder</dt>
          <dd className="mono break">{out.dir}</dd>
          <dt>Master</dt>
          <dd className="mono break">{insidePackage(out.masterPlaylist, out.dir)}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(out.totalBytes)} in {out.variants.length} {out.variants.length === 1 ? 'rendition' : 'renditions'}
          </dd>
          {out.download && (
            <>
              <dt>MP4</dt>
              <dd className="mono break">{insidePackage(out.download, out.dir)}</dd>
            </>
          )}
          {published && (
            <>
              <dt>Published</dt>
              <dd>
                {published.target} · {published.objectCount} objects, {formatBytes(published.bytes)} · {formatRelativeTime(published.uploadedAt)}
              </dd>
              <dt>Key prefix</dt>
              <dd className="mono break">{published.keyPrefix}</dd>
              <dt>URL</dt>
              <dd className="url-line">
                <span className="mono break">{published.publicUrl ?? published.masterPlaylistUrl}</span>
                <CopyButton text={published.publicUrl ?? published.masterPlaylistUrl} />
              </dd>
              {published.downloadUrl && (
                <>
                  <dt>MP4 URL</dt>
                  <dd className="url-line">
                    <span className="mono break">{published.downloadUrl}</span>
                    <CopyButton text={published.downloadUrl} />
                  </dd>
                </>
              )}
            </>
          )}
          {job.target && !published && (
            <>
              <dt>Bucket</dt>
              <dd className="muted">{job.status === 'COMPLETED' ? 'Not published.' : `Not uploaded to ${job.target} yet.`}</dd>
            </>
          )}
        </dl>
      )}
    </Panel>
  )
}
