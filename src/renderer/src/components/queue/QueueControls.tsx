import { Pause, Play } from 'lucide-react'
import { jobActions } from '../../stores/job-actions'
import { useJobsStore } from '../../stores/jobs-store'
import { Button } from '../common/Button'

/** Pausing lets running jobs finish their step and starts nothing new until resumed. */
export function QueueControls(): React.JSX.Element | null {
  const paused = useJobsStore((s) => s.queue?.paused ?? false)
  const hasQueue = useJobsStore((s) => s.queue !== undefined)
  if (!hasQueue) return null
  return paused ? (
    <Button variant="primary" icon={<Play size={16} />} onClick={() => void jobActions.resume()}>
      Resume queue
    </Button>
  ) : (
    <Button variant="secondary" icon={<Pause size={16} />} onClick={() => void jobActions.pause()}>
      Pause queue
    </Button>
  )
}
