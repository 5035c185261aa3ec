import type { Job } from '@shared/job'
import { formatBitrate } from '../../format/numbers'
import { Panel } from '../common/Panel'

/** The planned rungs, with what each really became once encoded (peak bitrate, segments). */
export function LadderPanel({ job }: { job: Job }): React.JSX.Element {
  const plan = job.plan
  const made = new Map((job.outputs?.variants ?? []).map((v) => [v.id, v]))
  if (!plan) {
    return (
      <Panel title="Ladder" id="ladder">
        <p className="muted">Planned once the source has been read. Default rungs: {job.settings.ladder.map((h) => `${h}p`).join(', ')}.</p>
      </Panel>
    )
  }
  const subtitle = plan.subtitles ? ` · subtitles ${plan.subtitles.mode === 'burn' ? 'burned in' : 'as a track'} (${plan.subtitles.language})` : ''
  const rows =
    plan.kind === 'video'
      ? (plan.video?.rungs ?? []).map((r) => ({ id: r.id, label: r.label, size: `${r.width}×${r.height}`, targetBps: r.videoBitrateKbps * 1000 }))
      : plan.audioRungs.map((r) => ({ id: r.id, label: r.label, size: 'Audio', targetBps: r.bitrateKbps * 1000 }))
  const description = `${plan.video ? `${plan.video.encoder}, ${plan.video.preset} · ` : ''}${plan.segmentSeconds}-second ${plan.segmentFormat === 'fmp4' ? 'fMP4' : 'TS'} segments${subtitle}`
  return (
    <Panel title="Ladder" id="ladder" description={description}>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Rung</th>
            <th scope="col">Size</th>
            <th scope="col">Target</th>
            <th scope="col">Peak measured</th>
            <th scope="col">Segments</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>
                <span className="rung-id mono">{row.id}</span> {row.label}
              </td>
              <td className="tabular">{row.size}</td>
              <td className="tabular">{formatBitrate(row.targetBps)}</td>
              <td className="tabular">{formatBitrate(made.get(row.id)?.bandwidth)}</td>
              <td className="tabular">{made.get(row.id)?.segmentCount ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.audio && plan.kind === 'video' && (
        <p className="muted small">
          Audio in every rung: {plan.audio.bitrateKbps} kbit/s, {plan.audio.channels === 1 ? 'mono' : plan.audio.channels === 2 ? 'stereo' : `${plan.audio.channels} channels`}
        </p>
      )}
    </Panel>
  )
}
