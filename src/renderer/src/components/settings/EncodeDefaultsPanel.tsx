import type { StudioSettings } from '@shared/app'
import { DEFAULT_LADDER, X264_PRESETS, type EncodeSettings } from '@shared/settings'
import { useSettingsStore } from '../../stores/settings-store'
import { Panel } from '../common/Panel'
import { SelectField } from '../common/SelectField'
import { Mp4DefaultsFields } from './Mp4DefaultsFields'
import { SEGMENT_FORMAT_SPECS, SEGMENT_FORMATS } from '@shared/segment-formats'

/** Rungs a person can pick; the planner never upscales, so a 720p source skips the higher ones. */
const RUNG_CHOICES = [2160, 1440, 1080, 720, 540, 480, 360, 240]
/** Chunk lengths offered; a value set elsewhere (the command line, the API) is listed too. */
const CHUNK_CHOICES = [0, 30, 60, 120, 300]
const PARALLEL_CHOICES = [0, 1, 2, 3, 4]

function withCurrent(choices: readonly number[], current: number): number[] {
  return choices.includes(current) ? [...choices] : [...choices, current].sort((a, b) => a - b)
}

export function EncodeDefaultsPanel({ settings }: { settings: StudioSettings }): React.JSX.Element {
  const update = useSettingsStore((s) => s.update)
  const encoders = useSettingsStore((s) => s.encoders)
  const encode = settings.encode
  const save = (patch: Partial<EncodeSettings>, message = 'Encoding defaults saved.'): void => {
    void update({ encode: { ...encode, ...patch } }, message)
  }
  const toggleRung = (height: number): void => {
    const next = encode.ladder.includes(height) ? encode.ladder.filter((h) => h !== height) : [...encode.ladder, height]
    if (next.length === 0) return
    save({ ladder: next.sort((a, b) => b - a) })
  }
  const usable = (encoders?.encoders ?? []).filter((e) => e.usable)

  return (
    <Panel title="Encoding" id="encoding" description="Defaults for new jobs. Jobs already queued keep the settings they were added with.">
      <div className="form-grid">
        <fieldset className="field field-wide">
          <legend className="field-label">Ladder</legend>
          <div className="chip-row">
            {RUNG_CHOICES.map((h) => (
              <label key={h} className={`chip${encode.ladder.includes(h) ? ' is-selected' : ''}`}>
                <input type="checkbox" checked={encode.ladder.includes(h)} onChange={() => toggleRung(h)} />
                {h}p
              </label>
            ))}
          </div>
          <span className="field-hint">
            Default: {DEFAULT_LADDER.map((h) => `${h}p`).join(', ')}. Rungs above the source’s own height are left out; audio files get an audio ladder instead.
          </span>
        </fieldset>
        <SelectField label="Segment length" value={encode.segmentSeconds} onChange={(e) => save({ segmentSeconds: Number(e.currentTarget.value) })}>
            {[2, 4, 6, 8, 10].map((s) => (
              <option key={s} value={s}>
                {s} seconds{s === 6 ? ' (recommended)' : ''}
              </option>
            ))}
        </SelectField>
        <SelectField label="Segment format" value={encode.segmentFormat} onChange={(e) => save({ segmentFormat: e.currentTarget.value as EncodeSettings['segmentFormat'] })}>
            {SEGMENT_FORMATS.map((format) => (
              <option key={format} value={format}>
                {SEGMENT_FORMAT_SPECS[format].choice}
              </option>
            ))}
        </SelectField>
        <SelectField label="Encoder" value={encode.encoder} onChange={(e) => save({ encoder: e.currentTarget.value })}>
            <option value="auto">Auto{encoders ? ` (${encoders.autoChoice} on this machine)` : ''}</option>
            {usable.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name} · {e.vendor}
              </option>
            ))}
        </SelectField>
        <SelectField label="x264 preset" hint="Faster presets make bigger files at the same quality." value={encode.preset} onChange={(e) => save({ preset: e.currentTarget.value as EncodeSettings['preset'] })}>
            {X264_PRESETS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
        </SelectField>
        <SelectField
          label="Chunks"
          hint="Long videos encode in chunks that survive a crash or a quit: the next start goes on from the last finished chunk."
          value={encode.chunkSeconds}
          onChange={(e) => save({ chunkSeconds: Number(e.currentTarget.value) })}
        >
            {withCurrent(CHUNK_CHOICES, encode.chunkSeconds).map((s) => (
              <option key={s} value={s}>
                {s === 0 ? 'Off (one pass)' : `${s} seconds${s === 60 ? ' (recommended)' : ''}`}
              </option>
            ))}
        </SelectField>
        <SelectField
          label="Chunks at once"
          hint="Auto runs one at a time up to 4 cores: x264 already uses every core."
          value={encode.parallelChunks}
          onChange={(e) => save({ parallelChunks: Number(e.currentTarget.value) })}
        >
            {withCurrent(PARALLEL_CHOICES, encode.parallelChunks).map((n) => (
              <option key={n} value={n}>
                {n === 0 ? 'Auto' : String(n)}
              </option>
            ))}
        </SelectField>
        <label className="check field-wide">
          <input type="checkbox" checked={encode.images} onChange={(e) => save({ images: e.currentTarget.checked })} />
          <span>
            Make a poster, a storyboard for seek previews, and a waveform for audio
          </span>
        </label>
        <label className="check field-wide">
          <input type="checkbox" checked={encode.spectrogram} onChange={(e) => save({ spectrogram: e.currentTarget.checked })} />
          <span>Draw a spectrogram of a video’s sound too (audio files always get one)</span>
        </label>
        <Mp4DefaultsFields mp4={encode.mp4} onChange={(mp4) => save({ mp4 })} />
        <label className="check field-wide">
          <input type="checkbox" checked={encode.quality} onChange={(e) => save({ quality: e.currentTarget.checked })} />
          <span>Measure each rung against the source (SSIM and PSNR on about 20 keyframes)</span>
        </label>
      </div>
    </Panel>
  )
}
