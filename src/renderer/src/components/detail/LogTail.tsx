import { useEffect, useRef } from 'react'
import { useJobLogStore } from '../../stores/job-log-store'
import { Panel } from '../common/Panel'

/** The end of the job's log, following new lines unless the reader scrolled up to read. */
export function LogTail(): React.JSX.Element {
  const lines = useJobLogStore((s) => s.lines)
  const error = useJobLogStore((s) => s.error)
  const box = useRef<HTMLPreElement>(null)
  const pinned = useRef(true)

  useEffect(() => {
    const el = box.current
    if (el && pinned.current) el.scrollTop = el.scrollHeight
  }, [lines])

  return (
    <Panel title="Log" id="log" description="ffmpeg’s command lines and what it said, most recent last.">
      {error ? (
        <p className="muted">{error}</p>
      ) : (
        <pre
          ref={box}
          className="log-tail"
          tabIndex={0}
          aria-label="Job log"
          data-testid="log-tail"
          onScroll={(e) => {
            const el = e.currentTarget
            pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
          }}
        >
          {lines.length > 0 ? lines.join('\n') : 'Nothing logged yet.'}
        </pre>
      )}
    </Panel>
  )
}
