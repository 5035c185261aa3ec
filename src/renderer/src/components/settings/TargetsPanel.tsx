import { useState } from 'react'
import { Plus, Database } from 'lucide-react'
import type { StorageTarget } from '@shared/targets'
import { useSettingsStore } from '../../stores/settings-store'
import { Button } from '../common/Button'
import { Panel } from '../common/Panel'
import { TargetCard } from './TargetCard'
import { TargetForm } from './TargetForm'

export function TargetsPanel(): React.JSX.Element {
  const targets = useSettingsStore((s) => s.targets)
  const info = useSettingsStore((s) => s.info)
  const [editing, setEditing] = useState<StorageTarget | 'new' | undefined>()

  return (
    <Panel
      title="Storage targets"
      id="targets"
      description="Buckets you own on Amazon S3, Cloudflare R2, MinIO or any S3-compatible service. Packages are uploaded, then every object is checked."
      actions={
        editing === undefined && (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setEditing('new')}>
            Add target
          </Button>
        )
      }
    >
      {info?.secretStorageNote && <div className="callout callout-warning small">{info.secretStorageNote}</div>}
      {editing !== undefined && <TargetForm existing={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} />}
      {targets.length === 0 && editing === undefined && (
        <div className="inline-empty">
          <Database size={20} aria-hidden="true" />
          <p>No bucket yet. Packages stay on this computer until you add one.</p>
        </div>
      )}
      <div className="target-list">
        {targets.map((t) => (
          <TargetCard key={t.name} target={t} onEdit={() => setEditing(t)} />
        ))}
      </div>
    </Panel>
  )
}
