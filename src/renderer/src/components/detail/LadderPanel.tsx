import type { Job, RungQuality } from '@shared/job'
import { formatBitrate } from '../../format/numbers'
import { Panel } from '../common/Panel'
import { SEGMENT_FORMAT_SPECS } from '@shared/segment-formats'

/** The planned rungs: each one's box and real size, and what it really became once encoded (peak bitrate, segments). */
export function LadderPanel({ job }: { job: Job }): React.JSX.Element {
  const plan = job.plan
  const made = new Map((job.outputs?.variants ?? []).map((v) => [v.id, v]))
  const madeSize = (id: string): string | undefined => {
    const v = made.get(id)
    return v?.width && v.height ? `${v.width}×${v.height}` : undefined
  }
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
      ? (plan.video?.rungs ?? []).map((r) => {
          // The real size is what the encode measured once it exists, else the planned size.
          const made = madeSize(r.id)
          return { id: r.id, label: r.label, box: r.box ? `${r.box.width}×${r.box.height}` : '–', size: made ?? `${r.width}×${r.height}`, targetBps: r.videoBitrateKbps * 1000 }
        })
      : plan.audioRungs.map((r) => ({ id: r.id, label: r.label, box: '–', size: 'Audio', targetBps: r.bitrateKbps * 1000 }))
  const hasQuality = [...made.values()].some((v) => v.quality)
  const description = `${plan.video ? `${plan.video.encoder}, ${plan.video.preset} · ` : ''}${plan.segmentSeconds}-second ${SEGMENT_FORMAT_SPECS[plan.segmentFormat].label} segments${subtitle}`
  return (
    <Panel title="Ladder" id="ladder" description={description}>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Rung</th>
              <th scope="col" className="col-box" title="The box the picture is fitted into, aspect kept">Box</th>
              <th scope="col" title="The picture's real size in this rung">Size</th>
              <th scope="col">Target</th>
              <th scope="col" title="The peak segment bitrate measured on the encoded rung (what BANDWIDTH says)">
                Peak
              </th>
              <th scope="col">Segments</th>
              {hasQuality && (
                <th scope="col" title={QUALITY_TITLE}>
                  Quality
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <span className="rung-id mono">{row.id}</span> {row.label}
                </td>
                <td className="tabular muted col-box">{row.box}</td>
                <td className="tabular">
                  {row.size}
                  {/* On a phone the box column goes; the box rides under the size instead. */}
                  <span className="box-inline muted small">in {row.box}</span>
                </td>
                <td className="tabular">{formatBitrate(row.targetBps)}</td>
                <td className="tabular">{formatBitrate(made.get(row.id)?.bandwidth)}</td>
                <td className="tabular">{made.get(row.id)?.segmentCount ?? '–'}</td>
                {hasQuality && <QualityCell quality={made.get(row.id)?.quality} />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.audio && plan.kind === 'video' && (
        <p className="muted small">
          {audioSummary(plan.audioRenditions?.length ?? 1)}: {plan.audio.bitrateKbps} kbit/s, {plan.audio.channels === 1 ? 'mono' : plan.audio.channels === 2 ? 'stereo' : `${plan.audio.channels} channels`}
        </p>
      )}
    </Panel>
  )
}

/** Audio is encoded once per track, as renditions every rung shares (not muxed into each rung). */
function audioSummary(tracks: number): string {
  return tracks > 1 ? `${tracks} audio tracks, shared by every rung` : 'Audio, shared by every rung'
}

const QUALITY_TITLE =
  'SSIM and PSNR against the source on sampled keyframes, both at the rung\'s size. Grades after Zinner et al. 2010: excellent ≥ 0.99, good ≥ 0.95, visible loss ≥ 0.88, else poor.'

function QualityCell({ quality }: { quality?: RungQuality }): React.JSX.Element {
  if (!quality) return <td className="muted">–</td>
  const title = `SSIM ${quality.ssim.toFixed(4)}, PSNR ${quality.psnrDb.toFixed(1)} dB, ${quality.samples} frames, ${quality.scaler} scaling`
  return (
    <td className="tabular" title={title}>
      <span className={`quality-grade grade-${quality.grade.replace(' ', '-')}`}>{quality.grade}</span>
      {/* The grade is what a person reads; the figures ride under it, dB in the tooltip. */}
      <span className="quality-figure muted small">SSIM {quality.ssim.toFixed(3)}</span>
    </td>
  )
}
