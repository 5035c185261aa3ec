import { CircleCheck, CircleX, Wrench } from 'lucide-react'
import type { ConnectionCheckName, ConnectionTestResult } from '@shared/targets'
import { useSettingsStore } from '../../stores/settings-store'
import { Button } from '../common/Button'

const CHECK_NAMES: Record<ConnectionCheckName, string> = {
  endpoint: 'Endpoint',
  credentials: 'Keys',
  bucket: 'Bucket',
  write: 'Write',
  delete: 'Delete',
  cors: 'CORS'
}

/** Each check in plain words, and CORS with the one-click fix when playback would be blocked. */
export function ConnectionReport({ target, result, error }: { target: string; result?: ConnectionTestResult; error?: string }): React.JSX.Element {
  if (error || !result) {
    return (
      <div className="connection-report" role="status">
        <p className="bad-text">
          <CircleX size={14} aria-hidden="true" /> {error ?? 'The test did not finish.'}
        </p>
      </div>
    )
  }
  const cors = result.cors
  return (
    <div className="connection-report" role="status" data-testid="connection-report">
      <p className={result.ok ? 'ok-text' : 'bad-text'}>
        {result.ok ? <CircleCheck size={14} aria-hidden="true" /> : <CircleX size={14} aria-hidden="true" />}
        {result.ok ? 'Connected: the studio can publish here.' : 'The studio cannot publish here yet.'}
      </p>
      <ul className="check-results">
        {result.checks
          .filter((c) => c.name !== 'cors')
          .map((c) => (
            <li key={c.name} className={c.ok ? 'is-ok' : 'is-bad'}>
              {c.ok ? <CircleCheck size={14} aria-label="passed" /> : <CircleX size={14} aria-label="failed" />}
              <strong>{CHECK_NAMES[c.name]}</strong>
              <span>{c.detail}</span>
            </li>
          ))}
      </ul>
      {cors && (
        <div className={`cors-line${cors.allowsPlayback ? ' is-ok' : ' is-bad'}`}>
          {cors.allowsPlayback ? <CircleCheck size={14} aria-hidden="true" /> : <CircleX size={14} aria-hidden="true" />}
          <span>
            <strong>CORS</strong> {cors.allowsPlayback ? 'allows playback in browsers and in the studio.' : cors.detail}
          </span>
          {!cors.allowsPlayback && (
            <Button size="sm" variant="primary" icon={<Wrench size={14} />} onClick={() => void useSettingsStore.getState().applyCors(target)}>
              Fix CORS
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
