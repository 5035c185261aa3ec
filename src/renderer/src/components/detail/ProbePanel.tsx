import type { Job } from '@shared/job'
import { formatBitrate, formatBytes, formatFrameRate } from '../../format/numbers'
import { sourceFull } from '../../format/job-text'
import { formatDuration } from '../../format/time'
import { Panel } from '../common/Panel'
import { SourceTreatments } from './SourceTreatments'

function Fact({ label, children }: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

/** What ffprobe found, in the terms a creator checks: size, frame rate, HDR, sound. */
export function ProbePanel({ job }: { job: Job }): React.JSX.Element {
  const probe = job.probe
  return (
    <Panel title="Source" id="source" description={<span className="mono break">{sourceFull(job.source)}</span>}>
      {!probe ? (
        <p className="muted">{job.status === 'FAILED' ? 'The file could not be read.' : 'Read when the job starts.'}</p>
      ) : (
        <dl className="facts">
          <Fact label="Container">{probe.formatLongName ?? probe.container}</Fact>
          <Fact label="Duration">
            {formatDuration(probe.durationSeconds)}
            {probe.durationMeasured ? ' (measured: the file did not say)' : ''}
          </Fact>
          <Fact label="Size">{formatBytes(probe.sizeBytes)} · {formatBitrate(probe.bitRate)}</Fact>
          {probe.video && (
            <Fact label="Video">
              {probe.video.codec.toUpperCase()} {probe.video.displayWidth}×{probe.video.displayHeight} · {formatFrameRate(probe.video.avgFrameRate)} fps
              {probe.video.variableFrameRate ? ' (variable)' : ''} · {probe.video.pixelFormat}
              {probe.video.hdr ? ' · HDR' : ''}
              {probe.video.rotation ? ` · rotated ${probe.video.rotation}°` : ''}
              {probe.video.interlace ? ` · interlaced (${probe.video.interlace.fieldOrder === 'tff' ? 'top' : 'bottom'} field first)` : ''}
            </Fact>
          )}
          {probe.audio ? (
            <Fact label="Audio">
              {probe.audio.codec.toUpperCase()} · {probe.audio.channelLayout ?? `${probe.audio.channels} ch`} · {(probe.audio.sampleRate / 1000).toFixed(1)} kHz
              {probe.audio.language && probe.audio.language !== 'und' ? ` · ${probe.audio.language}` : ''}
              {probe.audioStreamCount > 1 ? ` · ${probe.audioStreamCount} tracks, first used` : ''}
            </Fact>
          ) : (
            <Fact label="Audio">None (silent)</Fact>
          )}
          {probe.subtitles.length > 0 && <Fact label="Subtitles">{probe.subtitles.map((s) => s.language ?? s.codec).join(', ')}</Fact>}
        </dl>
      )}
      <SourceTreatments plan={job.plan} />
    </Panel>
  )
}
