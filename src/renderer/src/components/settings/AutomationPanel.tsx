import { useEffect, useState } from 'react'
import { KeyRound, Trash2, Webhook } from 'lucide-react'
import { AUTOMATION_EVENTS, type ApiTokenInfo, type AutomationEventName, type WebhookInfo } from '@shared/automation-events'
import { attempt } from '../../stores/notices-store'
import { studio } from '../../stores/studio-client'
import { Button } from '../common/Button'
import { CopyButton } from '../common/CopyButton'
import { IconButton } from '../common/IconButton'
import { Panel } from '../common/Panel'

const DEFAULT_EVENTS: AutomationEventName[] = ['job-completed', 'job-failed', 'job-cancelled']

/** A secret shown the one time it exists: the studio keeps only a hash (tokens) or never shows it again (webhooks). */
function OnceSecret({ label, value, onDismiss }: { label: string; value: string; onDismiss: () => void }): React.JSX.Element {
  return (
    <div className="callout callout-warning once-secret" role="status">
      <KeyRound size={16} aria-hidden="true" />
      <div className="once-secret-body">
        <p className="callout-title">{label}</p>
        <p className="callout-hint">Copy it now: it is not shown again.</p>
        <code className="mono break" data-testid="once-secret">{value}</code>
        <div className="input-row">
          <CopyButton text={value} label="Copy" />
          <Button size="sm" variant="ghost" onClick={onDismiss}>Done</Button>
        </div>
      </div>
    </div>
  )
}

function TokensSection(): React.JSX.Element {
  const [tokens, setTokens] = useState<ApiTokenInfo[]>([])
  const [name, setName] = useState('')
  const [made, setMade] = useState<{ name: string; token: string }>()
  const reload = async (): Promise<void> => setTokens((await attempt(() => studio().invoke('apiTokens.list'))) ?? [])
  useEffect(() => void reload(), [])

  const add = async (): Promise<void> => {
    const answer = await attempt(() => studio().invoke('apiTokens.add', { name: name.trim() }))
    if (!answer) return
    setMade(answer)
    setName('')
    await reload()
  }
  const revoke = async (token: string): Promise<void> => {
    if (await attempt(() => studio().invoke('apiTokens.revoke', { name: token }), `Revoked ${token}.`)) await reload()
  }

  return (
    <div className="automation-section" aria-label="API tokens">
      <h3>API tokens</h3>
      <p className="muted small">For scripts and other machines: <code>Authorization: Bearer &lt;token&gt;</code> on <code>/api/v1</code>. Only a hash is kept.</p>
      {made && <OnceSecret label={`Token “${made.name}”`} value={made.token} onDismiss={() => setMade(undefined)} />}
      <form className="input-row" onSubmit={(e) => (e.preventDefault(), void add())}>
        <input className="input" aria-label="Token name" placeholder="a name, e.g. nas" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={64} />
        <Button type="submit" variant="primary" disabled={!name.trim()}>Make token</Button>
      </form>
      {tokens.length === 0 ? (
        <p className="muted small">No API tokens yet.</p>
      ) : (
        <ul className="automation-list">
          {tokens.map((t) => (
            <li key={t.name}>
              <span className="mono">{t.name}</span>
              <span className="muted small">made {new Date(t.createdAt).toLocaleString()}</span>
              <IconButton label={`Revoke ${t.name}`} tone="danger" icon={<Trash2 size={15} />} onClick={() => void revoke(t.name)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function WebhooksSection(): React.JSX.Element {
  const [hooks, setHooks] = useState<WebhookInfo[]>([])
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<AutomationEventName[]>(DEFAULT_EVENTS)
  const [made, setMade] = useState<WebhookInfo & { secret: string }>()
  const reload = async (): Promise<void> => setHooks((await attempt(() => studio().invoke('webhooks.list'))) ?? [])
  useEffect(() => void reload(), [])

  const add = async (): Promise<void> => {
    const answer = await attempt(() => studio().invoke('webhooks.add', { url: url.trim(), events }))
    if (!answer) return
    setMade(answer)
    setUrl('')
    await reload()
  }
  const remove = async (id: string): Promise<void> => {
    if (await attempt(() => studio().invoke('webhooks.remove', { id }), 'Webhook removed.')) await reload()
  }
  const toggle = (name: AutomationEventName, on: boolean): void => setEvents((now) => (on ? [...now, name] : now.filter((e) => e !== name)))

  return (
    <div className="automation-section" aria-label="Webhooks">
      <h3>Webhooks</h3>
      <p className="muted small">Job events POSTed as JSON, signed <code>Hls-Studio-Signature: t=…,v1=…</code> (HMAC-SHA256), retried for a day.</p>
      {made && <OnceSecret label={`Signing secret for ${made.url}`} value={made.secret} onDismiss={() => setMade(undefined)} />}
      <form className="automation-form" onSubmit={(e) => (e.preventDefault(), void add())}>
        <input className="input mono" type="url" aria-label="Webhook URL" placeholder="https://example.com/hooks/studio" value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
        <fieldset className="event-choices">
          <legend className="field-label">Events</legend>
          {AUTOMATION_EVENTS.map((name) => (
            <label key={name} className="checkbox">
              <input type="checkbox" checked={events.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
              <span className="mono small">{name}</span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" icon={<Webhook size={16} />} disabled={!url.trim() || events.length === 0}>Add webhook</Button>
      </form>
      {hooks.length === 0 ? (
        <p className="muted small">No webhooks yet.</p>
      ) : (
        <ul className="automation-list">
          {hooks.map((h) => (
            <li key={h.id}>
              <span className="mono break">{h.url}</span>
              <span className="muted small">{h.events.join(', ')}</span>
              <IconButton label={`Remove webhook ${h.url}`} tone="danger" icon={<Trash2 size={15} />} onClick={() => void remove(h.id)} />
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** Settings → Automation: what scripts use to drive `hls-studio serve` (its HTTP API at /api/v1). */
export function AutomationPanel(): React.JSX.Element {
  return (
    <Panel title="Automation" id="automation" description={<>The HTTP API of <code>hls-studio serve</code>: its routes are at <a href="/api/v1/docs" target="_blank" rel="noreferrer">/api/v1/docs</a>.</>}>
      <TokensSection />
      <WebhooksSection />
    </Panel>
  )
}
