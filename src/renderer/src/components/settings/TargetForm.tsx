import { useId, useState } from 'react'
import { DEFAULT_KEY_PREFIX_TEMPLATE, PROVIDER_PRESETS, STORAGE_PROVIDERS, addTargetInputSchema, type StorageProviderName, type StorageTarget } from '@shared/targets'
import { useSettingsStore } from '../../stores/settings-store'
import { Button } from '../common/Button'
import { SelectField } from '../common/SelectField'

interface Draft {
  name: string
  provider: StorageProviderName
  endpoint: string
  region: string
  bucket: string
  visibility: 'public' | 'private'
  publicBaseUrl: string
  keyPrefixTemplate: string
  deleteLocalAfterUpload: boolean
  accessKeyId: string
  secretAccessKey: string
}

function draftOf(t: StorageTarget | undefined): Draft {
  return {
    name: t?.name ?? '',
    provider: t?.provider ?? 'r2',
    endpoint: t?.endpoint ?? '',
    region: t?.region ?? '',
    bucket: t?.bucket ?? '',
    visibility: t?.visibility ?? 'public',
    publicBaseUrl: t?.publicBaseUrl ?? '',
    keyPrefixTemplate: t?.keyPrefixTemplate ?? DEFAULT_KEY_PREFIX_TEMPLATE,
    deleteLocalAfterUpload: t?.deleteLocalAfterUpload ?? false,
    accessKeyId: '',
    secretAccessKey: ''
  }
}

/** Adds or edits a target. Keys are asked for every time: they are never sent back to a window. */
export function TargetForm({ existing, onDone }: { existing?: StorageTarget; onDone: () => void }): React.JSX.Element {
  const [draft, setDraft] = useState(() => draftOf(existing))
  const [problems, setProblems] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const formId = useId()
  const preset = PROVIDER_PRESETS[draft.provider]
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => ({ ...d, [key]: value }))

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault()
    const parsed = addTargetInputSchema.safeParse({
      target: {
        name: draft.name.trim(),
        provider: draft.provider,
        endpoint: draft.endpoint.trim() || undefined,
        region: draft.region.trim() || undefined,
        bucket: draft.bucket.trim(),
        visibility: draft.visibility,
        publicBaseUrl: draft.publicBaseUrl.trim() || undefined,
        keyPrefixTemplate: draft.keyPrefixTemplate.trim(),
        deleteLocalAfterUpload: draft.deleteLocalAfterUpload
      },
      credentials: { accessKeyId: draft.accessKeyId.trim(), secretAccessKey: draft.secretAccessKey }
    })
    if (!parsed.success) {
      setProblems(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[i.path.length - 1] ?? 'form'), i.message])))
      return
    }
    setProblems({})
    setBusy(true)
    const saved = await useSettingsStore.getState().saveTarget(parsed.data)
    setBusy(false)
    if (saved) {
      onDone()
      void useSettingsStore.getState().testTarget(saved.name)
    }
  }

  const field = (key: keyof Draft, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string): React.JSX.Element => {
    const id = `${formId}-${key}`
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          className={`input${problems[key] ? ' is-invalid' : ''}`}
          value={String(draft[key])}
          onChange={(e) => set(key, e.currentTarget.value as never)}
          aria-invalid={!!problems[key]}
          aria-describedby={problems[key] || hint ? `${id}-note` : undefined}
          {...props}
        />
        {problems[key] ? (
          <span className="field-error" id={`${id}-note`}>
            {problems[key]}
          </span>
        ) : (
          hint && (
            <span className="field-hint" id={`${id}-note`}>
              {hint}
            </span>
          )
        )}
      </div>
    )
  }

  return (
    <form className="target-form" onSubmit={(e) => void submit(e)} aria-label={existing ? `Edit ${existing.name}` : 'New storage target'}>
      <h3>{existing ? `Edit ${existing.name}` : 'New storage target'}</h3>
      <div className="form-grid">
        <SelectField label="Provider" value={draft.provider} onChange={(e) => set('provider', e.currentTarget.value as StorageProviderName)}>
            {STORAGE_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_PRESETS[p].label}
              </option>
            ))}
        </SelectField>
        {field('name', 'Name', { placeholder: 'my-r2', readOnly: !!existing, autoFocus: !existing })}
        {field('endpoint', preset.endpointRequired ? 'Endpoint' : 'Endpoint (optional)', { placeholder: preset.endpointHint, type: 'url' })}
        {draft.provider !== 'r2' && field('region', 'Region', { placeholder: preset.region })}
        {field('bucket', 'Bucket', { placeholder: 'videos' })}
        {field('publicBaseUrl', 'Public base URL (optional)', { placeholder: 'https://cdn.example.com', type: 'url' }, 'A custom domain or CDN in front of the bucket.')}
        {field('accessKeyId', 'Access key ID', { autoComplete: 'off', spellCheck: false })}
        {field('secretAccessKey', 'Secret access key', { type: 'password', autoComplete: 'new-password' }, existing ? 'Enter the keys again to save changes.' : undefined)}
        {field('keyPrefixTemplate', 'Key prefix', { className: 'input mono' }, 'Tokens: {slug} {jobId} {title} {date}')}
        <fieldset className="field">
          <legend className="field-label">Visibility</legend>
          <div className="choice-row">
            {(['public', 'private'] as const).map((v) => (
              <label key={v} className={`choice${draft.visibility === v ? ' is-selected' : ''}`}>
                <input type="radio" name="visibility" checked={draft.visibility === v} onChange={() => set('visibility', v)} />
                {v === 'public' ? 'Public: anyone with the URL' : 'Private: signed links only'}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check field-wide">
          <input type="checkbox" checked={draft.deleteLocalAfterUpload} onChange={(e) => set('deleteLocalAfterUpload', e.currentTarget.checked)} />
          <span>Delete the local package once the upload is verified (source files are never deleted)</span>
        </label>
      </div>
      {problems.form && <p className="field-error">{problems.form}</p>}
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          Save and test
        </Button>
      </div>
    </form>
  )
}
