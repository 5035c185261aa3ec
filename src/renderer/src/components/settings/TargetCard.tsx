import { Cloud, Lock, Pencil, PlugZap, Trash2 } from 'lucide-react'
import { PROVIDER_PRESETS, type StorageTarget } from '@shared/targets'
import { useSettingsStore } from '../../stores/settings-store'
import { Button } from '../common/Button'
import { IconButton } from '../common/IconButton'
import { ConnectionReport } from './ConnectionReport'

export function TargetCard({ target, onEdit }: { target: StorageTarget; onEdit: () => void }): React.JSX.Element {
  const test = useSettingsStore((s) => s.tests[target.name])
  const isDefault = useSettingsStore((s) => s.settings?.defaultTarget === target.name)
  const store = useSettingsStore.getState
  return (
    <article className="target-card" data-target={target.name} aria-label={`Target ${target.name}`}>
      <div className="target-head">
        <div className="target-icon" aria-hidden="true">
          {target.visibility === 'private' ? <Lock size={18} /> : <Cloud size={18} />}
        </div>
        <div className="target-text">
          <h3>
            {target.name}
            {isDefault && <span className="badge badge-active">Default</span>}
          </h3>
          <p className="muted small">
            {PROVIDER_PRESETS[target.provider].label} · bucket <span className="mono">{target.bucket}</span> · {target.visibility}
            {target.deleteLocalAfterUpload ? ' · deletes local copy after upload' : ''}
          </p>
          <p className="mono small muted break">{target.endpoint ?? `s3.${target.region}.amazonaws.com`} · {target.keyPrefixTemplate}</p>
        </div>
        <div className="target-actions">
          <Button size="sm" icon={<PlugZap size={14} />} busy={test?.running} onClick={() => void store().testTarget(target.name)}>
            Test connection
          </Button>
          {!isDefault && (
            <Button size="sm" variant="ghost" onClick={() => void store().update({ defaultTarget: target.name }, `New jobs publish to ${target.name}.`)}>
              Make default
            </Button>
          )}
          <IconButton label={`Edit ${target.name}`} icon={<Pencil size={15} />} onClick={onEdit} />
          <IconButton label={`Remove ${target.name}`} tone="danger" icon={<Trash2 size={15} />} onClick={() => void store().removeTarget(target.name)} />
        </div>
      </div>
      {test && !test.running && <ConnectionReport target={target.name} result={test.result} error={test.error} />}
    </article>
  )
}
