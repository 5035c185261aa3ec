import { useEffect, useState } from 'react'
import { CircleCheck, CircleX, Cpu, PlugZap } from 'lucide-react'
import type { RedisTestResult, WorkerSeen, WorkersStatus } from '@shared/workers'
import { formatSecondsAgo } from '../../format/time'
import { attempt } from '../../stores/notices-store'
import { studio } from '../../stores/studio-client'
import { Button } from '../common/Button'
import { CopyButton } from '../common/CopyButton'
import { Panel } from '../common/Panel'

/** Heartbeats come every 5 s; the list follows them. */
const POLL_MS = 5000

const SOURCE_TEXT = { flag: 'from --redis', env: 'from HLS_STUDIO_REDIS', settings: 'from these Settings' } as const

/** "chunk 3 of job 1a2b3c4d" from a work id `<jobId>-c<index>-a<attempt>`. */
export function describeWork(workId: string): string {
  const match = /^(?:job-)?(.+)-c(\d+)-a(\d+)$/.exec(workId)
  if (!match) return workId
  const retry = Number(match[3]) > 1 ? `, attempt ${match[3]}` : ''
  return `chunk ${Number(match[2]) + 1} of job ${match[1]!.slice(0, 8)}${retry}`
}

function ActiveRedis({ status }: { status: WorkersStatus }): React.JSX.Element {
  if (!status.active) {
    return <p className="muted small">Every chunk is encoded on this computer. With a Redis URL, <code>hls-studio worker</code> on other machines takes chunks of long videos too.</p>
  }
  const ok = status.redis?.ok ?? false
  return (
    <p className={`workers-status ${ok ? 'ok-text' : 'bad-text'}`} data-testid="workers-redis">
      {ok ? <CircleCheck size={14} aria-hidden="true" /> : <CircleX size={14} aria-hidden="true" />}
      <span>
        Chunks go through <code>{status.active.url}</code> ({SOURCE_TEXT[status.active.source]}){ok ? '' : `: ${status.redis?.detail ?? 'no answer yet'}`}
      </span>
    </p>
  )
}

/** The desktop's own worker command (serve prints its own on the terminal). */
function WorkerCommand({ connect }: { connect: NonNullable<WorkersStatus['connect']> }): React.JSX.Element {
  const command = `hls-studio worker --redis <the same Redis URL> --server ${connect.serverUrl} --token ${connect.token}`
  return (
    <div className="worker-command">
      <p className="muted small">On each worker machine:</p>
      <code className="mono break" data-testid="worker-command">{command}</code>
      <CopyButton text={command} label="Copy" />
    </div>
  )
}

function WorkerRow({ worker, now }: { worker: WorkerSeen; now: number }): React.JSX.Element {
  return (
    <li data-testid="worker-row">
      <span className="worker-name mono">
        <Cpu size={14} aria-hidden="true" /> {worker.name}
      </span>
      <span className="muted small">
        {worker.cores} cores · {worker.encoders.join(', ')} · v{worker.version}
      </span>
      <span className="small">{worker.active.length === 0 ? 'idle' : worker.active.map(describeWork).join('; ')}</span>
      <span className="muted small" title={worker.seenAt}>
        heard {formatSecondsAgo(worker.seenAt, now)}
      </span>
    </li>
  )
}

function RedisForm({ status, onSaved }: { status: WorkersStatus; onSaved: (next: WorkersStatus) => void }): React.JSX.Element {
  const [url, setUrl] = useState(status.saved.url ?? '')
  const [password, setPassword] = useState('')
  const [test, setTest] = useState<RedisTestResult>()
  const [testing, setTesting] = useState(false)
  const typed = url.trim()

  const save = async (): Promise<void> => {
    const next = await attempt(() => studio().invoke('workers.saveRedis', { url: typed || null, ...(password ? { password } : {}) }), typed ? 'Saved: used from the next start.' : 'Redis URL removed.')
    if (!next) return
    setPassword('')
    onSaved(next)
  }
  const runTest = async (): Promise<void> => {
    setTesting(true)
    setTest(await attempt(() => studio().invoke('workers.testRedis', typed ? { url: typed, ...(password ? { password } : {}) } : undefined)))
    setTesting(false)
  }

  return (
    <form className="redis-form" aria-label="Redis for workers" onSubmit={(e) => (e.preventDefault(), void save())}>
      <div className="form-grid">
        <div className="field">
          <label className="field-label" htmlFor="redis-url">Redis URL</label>
          <input id="redis-url" className="input mono" placeholder="redis://studio-pc:6379" value={url} onChange={(e) => setUrl(e.currentTarget.value)} spellCheck={false} autoComplete="off" />
          <span className="field-hint">Used from the next start; --redis and HLS_STUDIO_REDIS win over it.</span>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="redis-password">Password</label>
          <input
            id="redis-password"
            className="input"
            type="password"
            autoComplete="new-password"
            placeholder={status.saved.hasPassword ? 'saved; leave empty to keep it' : 'none'}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <span className="field-hint">Kept with the bucket keys, never shown again.</span>
        </div>
      </div>
      <div className="input-row">
        <Button type="submit" variant="primary">Save</Button>
        <Button icon={<PlugZap size={16} />} busy={testing} onClick={() => void runTest()} disabled={!typed && !status.saved.url}>Test connection</Button>
      </div>
      {test && (
        <p className={`workers-status ${test.ok ? 'ok-text' : 'bad-text'}`} role="status" data-testid="redis-test">
          {test.ok ? <CircleCheck size={14} aria-hidden="true" /> : <CircleX size={14} aria-hidden="true" />}
          <span>{test.detail}</span>
        </p>
      )}
    </form>
  )
}

/** Settings → Workers: the Redis chunks go through, and every worker heard from in the last 15 s. */
export function WorkersPanel(): React.JSX.Element {
  const [status, setStatus] = useState<WorkersStatus>()
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    let live = true
    const load = async (): Promise<void> => {
      const next = await studio().invoke('workers.status').catch(() => undefined)
      if (!live) return
      if (next) setStatus(next)
      setNow(Date.now())
    }
    void load()
    const timer = setInterval(() => void load(), POLL_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [])

  return (
    <Panel title="Workers" id="workers" description={<>Other computers encoding chunks of long videos: <code>hls-studio worker --redis URL --server URL --token T</code>.</>}>
      {!status ? (
        <div className="loading-block" aria-busy="true">Asking for workers…</div>
      ) : (
        <>
          <ActiveRedis status={status} />
          {status.connect && <WorkerCommand connect={status.connect} />}
          <RedisForm status={status} onSaved={setStatus} />
          <h3>Workers seen</h3>
          {status.seen.length === 0 ? (
            <p className="muted small">{status.active ? 'No worker has sent a heartbeat in the last 15 s.' : 'None: this studio is not sharing chunks.'}</p>
          ) : (
            <ul className="automation-list workers-list" aria-label="Workers seen">
              {status.seen.map((w) => <WorkerRow key={w.name} worker={w} now={now} />)}
            </ul>
          )}
        </>
      )}
    </Panel>
  )
}
