import { useState } from 'react'
import { FolderOpen } from 'lucide-react'
import type { AppInfo, StudioSettings } from '@shared/app'
import { attempt } from '../../stores/notices-store'
import { useSettingsStore } from '../../stores/settings-store'
import { studio } from '../../stores/studio-client'
import { Button } from '../common/Button'
import { Panel } from '../common/Panel'
import { SelectField } from '../common/SelectField'

export function OutputPanel({ settings, info }: { settings: StudioSettings; info: AppInfo }): React.JSX.Element {
  const targets = useSettingsStore((s) => s.targets)
  const update = useSettingsStore((s) => s.update)
  const [outputDir, setOutputDir] = useState(settings.outputDir)
  const deleting = targets.filter((t) => t.deleteLocalAfterUpload)

  const pickFolder = async (): Promise<void> => {
    const picked = await attempt(() => studio().invoke('dialog.pickFolder', { title: 'Output folder for packages' }))
    if (picked?.path) {
      setOutputDir(picked.path)
      await update({ outputDir: picked.path }, 'Output folder saved.')
    }
  }

  return (
    <Panel title="Queue & output" id="output" description="Where packages are written and how many encodes run at once.">
      <div className="form-grid">
        <SelectField label="Encodes at once" hint="One encode already keeps every core busy; uploads overlap with the next encode either way." value={settings.concurrency} onChange={(e) => void update({ concurrency: Number(e.currentTarget.value) }, 'Concurrency saved.')}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                {n}
                {n === 1 ? ' (recommended)' : ''}
              </option>
            ))}
        </SelectField>
        <div className="field">
          <label className="field-label" htmlFor="output-dir">
            Output folder
          </label>
          <div className="input-row">
            <input
              id="output-dir"
              className="input mono"
              value={outputDir}
              onChange={(e) => setOutputDir(e.currentTarget.value)}
              onBlur={() => outputDir !== settings.outputDir && outputDir.trim() && void update({ outputDir: outputDir.trim() }, 'Output folder saved.')}
            />
            {info.canUseLocalPaths && (
              <Button icon={<FolderOpen size={16} />} onClick={() => void pickFolder()}>
                Choose…
              </Button>
            )}
          </div>
          <span className="field-hint">
            Each package lands in <code>&lt;folder&gt;/&lt;slug&gt;/&lt;job id&gt;</code>
            {info.mode === 'server' ? ', on the server.' : '.'}
          </span>
        </div>
        <SelectField label="Publish new jobs to" value={settings.defaultTarget ?? ''} onChange={(e) => void update({ defaultTarget: e.currentTarget.value || undefined }, 'Default target saved.')}>
            <option value="">Nowhere (keep on this computer)</option>
            {targets.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.bucket})
              </option>
            ))}
        </SelectField>
        <div className="field">
          <span className="field-label">Delete local package after upload</span>
          <p className="field-hint">
            {deleting.length > 0
              ? `On for ${deleting.map((t) => t.name).join(', ')}: once an upload is verified, the local package is removed. Your source files are never deleted.`
              : 'Off for every target: packages stay on this computer after upload. Turn it on per target under Storage targets.'}
          </p>
        </div>
      </div>
    </Panel>
  )
}
