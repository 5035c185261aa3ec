import { useEffect, useState } from 'react'
import { CircleCheck, CircleX, RefreshCw } from 'lucide-react'
import type { AppInfo, FfmpegChoice, StudioSettings } from '@shared/app'
import { shortFfmpegVersion } from '../../format/ffmpeg-version'
import { formatRelativeTime } from '../../format/time'
import { useSettingsStore } from '../../stores/settings-store'
import { Button } from '../common/Button'
import { Panel } from '../common/Panel'

const MODES: Array<{ mode: FfmpegChoice['mode']; label: string; hint: string }> = [
  { mode: 'bundled', label: 'Bundled', hint: 'The ffmpeg that ships with the studio.' },
  { mode: 'system', label: 'System', hint: 'The ffmpeg on your PATH, e.g. from your package manager.' },
  { mode: 'custom', label: 'Custom', hint: 'A build of your choice, e.g. one with more hardware encoders.' }
]

export function FfmpegPanel({ settings, info }: { settings: StudioSettings; info: AppInfo }): React.JSX.Element {
  const encoders = useSettingsStore((s) => s.encoders)
  const loading = useSettingsStore((s) => s.encodersLoading)
  const update = useSettingsStore((s) => s.update)
  const [mode, setMode] = useState(settings.ffmpeg.mode)
  const [ffmpegPath, setFfmpegPath] = useState(settings.ffmpeg.mode === 'custom' ? settings.ffmpeg.ffmpegPath : '')
  const [ffprobePath, setFfprobePath] = useState(settings.ffmpeg.mode === 'custom' ? settings.ffmpeg.ffprobePath : '')

  useEffect(() => {
    if (!useSettingsStore.getState().encoders) void useSettingsStore.getState().loadEncoders()
  }, [])

  const locked = info.ffmpegLockedReason

  const choose = async (next: FfmpegChoice['mode']): Promise<void> => {
    if (locked) return
    setMode(next)
    if (next === 'custom') return
    if (await update({ ffmpeg: { mode: next } }, `Using the ${next} ffmpeg.`)) {
      await useSettingsStore.getState().load()
      await useSettingsStore.getState().loadEncoders(true)
    }
  }
  const saveCustom = async (): Promise<void> => {
    if (await update({ ffmpeg: { mode: 'custom', ffmpegPath, ffprobePath } }, 'Using the custom ffmpeg.')) {
      await useSettingsStore.getState().load()
      await useSettingsStore.getState().loadEncoders(true)
    }
  }

  return (
    <Panel
      title="ffmpeg"
      id="ffmpeg"
      description={
        <>
          Using <strong>ffmpeg {shortFfmpegVersion(info.ffmpeg.version)}</strong> ({info.ffmpeg.source}) <span className="mono small break">{info.ffmpeg.path}</span>
        </>
      }
    >
      {locked && (
        <p className="muted small" role="note" data-testid="ffmpeg-locked">
          {locked}
        </p>
      )}
      <div className="choice-row" role="radiogroup" aria-label="Which ffmpeg" aria-disabled={locked ? true : undefined}>
        {MODES.map((m) => (
          <label key={m.mode} className={`choice choice-card${mode === m.mode ? ' is-selected' : ''}${locked ? ' is-disabled' : ''}`}>
            <input type="radio" name="ffmpeg-mode" checked={mode === m.mode} disabled={Boolean(locked)} onChange={() => void choose(m.mode)} />
            <span className="choice-title">{m.label}</span>
            <span className="choice-hint">{m.hint}</span>
          </label>
        ))}
      </div>
      {mode === 'custom' && !locked && (
        <div className="form-grid">
          <label className="field">
            <span className="field-label">ffmpeg path</span>
            <input className="input mono" value={ffmpegPath} onChange={(e) => setFfmpegPath(e.currentTarget.value)} placeholder="/opt/ffmpeg/bin/ffmpeg" />
          </label>
          <label className="field">
            <span className="field-label">ffprobe path</span>
            <input className="input mono" value={ffprobePath} onChange={(e) => setFfprobePath(e.currentTarget.value)} placeholder="/opt/ffmpeg/bin/ffprobe" />
          </label>
          <div className="field-wide">
            <Button variant="primary" disabled={!ffmpegPath || !ffprobePath} onClick={() => void saveCustom()}>
              Use these binaries
            </Button>
          </div>
        </div>
      )}
      <div className="subsection">
        <div className="subsection-head">
          <h3>Encoders</h3>
          <span className="muted small">{encoders ? `Tested ${formatRelativeTime(encoders.testedAt)} · auto uses ${encoders.autoChoice}` : 'Each encoder is proven with a short real encode.'}</span>
          <Button size="sm" icon={<RefreshCw size={14} />} busy={loading} onClick={() => void useSettingsStore.getState().loadEncoders(true)}>
            Test again
          </Button>
        </div>
        {encoders && (
          <table className="data-table encoder-table">
            <thead>
              <tr>
                <th scope="col">Encoder</th>
                <th scope="col">Kind</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {encoders.encoders.map((e) => (
                <tr key={e.name}>
                  <td>
                    <span className="mono">{e.name}</span> <span className="muted small">{e.vendor}</span>
                  </td>
                  <td>{e.kind === 'hardware' ? 'GPU' : 'CPU'}</td>
                  <td>
                    {e.usable ? (
                      <span className="ok-text">
                        <CircleCheck size={14} aria-hidden="true" /> Usable
                      </span>
                    ) : (
                      <span className="bad-text">
                        <CircleX size={14} aria-hidden="true" /> {e.reason ?? 'Not usable'}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Panel>
  )
}
