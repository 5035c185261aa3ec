import { useState } from 'react'
import type { Mp4DownloadSettings } from '@shared/settings'
import { SelectField } from '../common/SelectField'

const HEIGHT_CHOICES = [2160, 1440, 1080, 720, 480, 360]
const DEFAULT_MP4: Mp4DownloadSettings = { crf: 23, burnSubtitles: false }

/** A CRF as typed, or the reason it cannot be one (the schema's range: 0–51). */
function parseCrf(text: string): number | string {
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value > 51) return 'The CRF is a whole number from 0 (lossless) to 51 (smallest); 23 is x264’s default.'
  return value
}

/** The MP4 download beside the ladder: on or off for new jobs, its height, CRF and burned subtitles. */
export function Mp4DefaultsFields({ mp4, onChange }: { mp4?: Mp4DownloadSettings; onChange: (mp4: Mp4DownloadSettings | undefined) => void }): React.JSX.Element {
  const [crfText, setCrfText] = useState(String(mp4?.crf ?? DEFAULT_MP4.crf))
  const [crfError, setCrfError] = useState<string>()
  const current = mp4 ?? DEFAULT_MP4
  const commitCrf = (): void => {
    const crf = parseCrf(crfText)
    setCrfError(typeof crf === 'string' ? crf : undefined)
    if (typeof crf === 'number' && crf !== current.crf) onChange({ ...current, crf })
  }
  return (
    <fieldset className="field field-wide mp4-defaults">
      <legend className="field-label">MP4 download</legend>
      <label className="check">
        <input type="checkbox" checked={Boolean(mp4)} onChange={(e) => onChange(e.currentTarget.checked ? current : undefined)} />
        <span>Make one MP4 (H.264 + AAC) beside the HLS, in the same pass: for social networks, a client, or a download link</span>
      </label>
      {mp4 && (
        <div className="form-grid">
          <SelectField label="Height" value={mp4.height ?? 0} onChange={(e) => onChange({ ...mp4, height: Number(e.currentTarget.value) || undefined })}>
            <option value={0}>The top rung</option>
            {HEIGHT_CHOICES.map((h) => (
              <option key={h} value={h}>
                {h}p
              </option>
            ))}
          </SelectField>
          <label className="field">
            <span className="field-label">CRF</span>
            <input
              className={`input${crfError ? ' is-invalid' : ''}`}
              inputMode="numeric"
              value={crfText}
              aria-invalid={crfError ? true : undefined}
              onChange={(e) => setCrfText(e.currentTarget.value)}
              onBlur={commitCrf}
              onKeyDown={(e) => e.key === 'Enter' && commitCrf()}
            />
            <span className={crfError ? 'field-error' : 'field-hint'}>{crfError ?? 'Lower is better and bigger: 18 looks like the source, 28 is small.'}</span>
          </label>
          <label className="check field-wide">
            <input type="checkbox" checked={mp4.burnSubtitles} onChange={(e) => onChange({ ...mp4, burnSubtitles: e.currentTarget.checked })} />
            <span>Burn the job’s subtitle file into the MP4 (the HLS keeps it as a track)</span>
          </label>
        </div>
      )}
    </fieldset>
  )
}
