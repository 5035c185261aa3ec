import { CloudUpload, Layers, UploadCloud } from 'lucide-react'
import { DEFAULT_LADDER } from '@shared/settings'
import { shortFfmpegVersion } from '../../format/ffmpeg-version'
import { navigate } from '../../stores/nav-store'
import { useSettingsStore } from '../../stores/settings-store'
import { AddSourcesButtons } from './AddSourcesButtons'

/** The empty queue is the welcome: what to do first, and what will happen then. */
export function QueueFirstRun(): React.JSX.Element {
  const info = useSettingsStore((s) => s.info)
  const settings = useSettingsStore((s) => s.settings)
  const targets = useSettingsStore((s) => s.targets)
  const ladder = settings?.encode.ladder ?? [...DEFAULT_LADDER]
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-drop">
        <div className="first-run-icon" aria-hidden="true">
          <UploadCloud size={34} />
        </div>
        <h2>Drop videos, audio or a whole folder anywhere in this window</h2>
        <p>Each file becomes an adaptive HLS package: one stream per quality, ready for any player.</p>
        <AddSourcesButtons primary />
      </div>
      <ol className="first-run-steps">
        <li>
          <span className="step-number">1</span>
          <div>
            <h3>Add media</h3>
            <p>MP4, MOV, MKV, WAV, FLAC… A dropped folder is searched for every media file inside it.</p>
          </div>
        </li>
        <li>
          <span className="step-number">2</span>
          <div>
            <h3>
              <Layers size={14} aria-hidden="true" /> Encode a ladder
            </h3>
            <p>
              {ladder.map((h) => `${h}p`).join(', ')} in {settings?.encode.segmentSeconds ?? 6}-second segments, with ffmpeg{' '}
              {info?.ffmpeg.version ? shortFfmpegVersion(info.ffmpeg.version) : ''}. Packages are saved in <code>{settings?.outputDir ?? info?.outputDir ?? 'the output folder'}</code>.
            </p>
          </div>
        </li>
        <li>
          <span className="step-number">3</span>
          <div>
            <h3>
              <CloudUpload size={14} aria-hidden="true" /> Publish to your bucket
            </h3>
            {targets.length > 0 ? (
              <p>
                New jobs publish to <strong>{settings?.defaultTarget ?? targets[0]!.name}</strong>
                {settings?.defaultTarget ? '' : ' when chosen as the default in Settings'}.
              </p>
            ) : (
              <p>
                Optional. <button type="button" className="link-button" onClick={() => navigate({ screen: 'settings', section: 'targets' })}>Add an S3, R2 or MinIO bucket</button> and every package is uploaded and verified.
              </p>
            )}
          </div>
        </li>
      </ol>
    </div>
  )
}
