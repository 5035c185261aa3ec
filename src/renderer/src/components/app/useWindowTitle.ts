import { useEffect } from 'react'
import { currentBatch, windowTitle } from '../../stores/batch-progress'
import { useJobsStore } from '../../stores/jobs-store'

/** Batch progress in the title bar and taskbar: "3 of 10 · 42% — HLS Studio". */
export function useWindowTitle(): void {
  const title = useJobsStore((s) => windowTitle(currentBatch(s.jobs, s.batchLabels), s.queue?.paused ?? false))
  useEffect(() => {
    document.title = title
  }, [title])
}
