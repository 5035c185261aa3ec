import type { StudioClient } from '@shared/contract'
import type { Job } from '@shared/job'
import { errorText } from '../format/error-text'
import { useJobLogStore } from './job-log-store'
import { useJobsStore } from './jobs-store'
import { useLibraryStore } from './library-store'
import { useSettingsStore } from './settings-store'
import { setStudioClient, studio } from './studio-client'

/**
 * Progress of several jobs arrives up to 10 times a second each. Changes are gathered and
 * applied to the store together, so a burst costs one render, not one per event. A timer
 * rather than requestAnimationFrame: the title bar must keep counting while the window is hidden.
 */
const FLUSH_MS = 50

export interface StudioConnection {
  /** Resolves when the first lists are in the stores. */
  ready: Promise<void>
  disconnect: () => void
}

/** Wires every store to the client's event stream, then loads what exists. No polling anywhere. */
export function connectStudio(client: StudioClient): StudioConnection {
  setStudioClient(client)
  const pending = new Map<string, Job | null>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let unknownBatch = false

  const flush = (): void => {
    timer = undefined
    const changes = new Map(pending)
    pending.clear()
    useJobsStore.getState().applyJobChanges(changes)
    if (unknownBatch) {
      unknownBatch = false
      void loadBatchLabels()
    }
  }
  const stage = (id: string, job: Job | null): void => {
    pending.set(id, job)
    timer ??= setTimeout(flush, FLUSH_MS)
  }
  const onJob = (job: Job): void => {
    if (job.batchId && !(job.batchId in useJobsStore.getState().batchLabels)) unknownBatch = true
    stage(job.id, job)
  }
  const refreshLibrary = (): void => {
    // Only once the Library has been opened; until then it loads when shown.
    if (useLibraryStore.getState().loaded) void useLibraryStore.getState().refresh()
  }

  const unsubscribers = [
    client.on('job-created', (e) => onJob(e.job)),
    client.on('job-updated', (e) => onJob(e.job)),
    client.on('job-completed', (e) => {
      onJob(e.job)
      refreshLibrary()
    }),
    client.on('job-failed', (e) => onJob(e.job)),
    client.on('job-cancelled', (e) => onJob(e.job)),
    client.on('job-removed', (e) => {
      stage(e.jobId, null)
      refreshLibrary()
    }),
    client.on('queue-changed', (e) => useJobsStore.getState().setQueue(e.queue)),
    client.on('job-log', (e) => useJobLogStore.getState().append(e.log))
  ]

  const ready = (async () => {
    const [jobs, queue, batches] = await Promise.all([
      client.invoke('jobs.list'),
      client.invoke('queue.get'),
      client.invoke('batches.list')
    ])
    useJobsStore.getState().load(jobs, queue, batches)
    await useSettingsStore.getState().load()
  })().catch((error: unknown) => {
    useSettingsStore.setState({ loadError: errorText(error) })
  })

  return {
    ready,
    disconnect: () => {
      for (const off of unsubscribers) off()
      if (timer) clearTimeout(timer)
      setStudioClient(undefined)
    }
  }
}

async function loadBatchLabels(): Promise<void> {
  try {
    const batches = await studio().invoke('batches.list')
    useJobsStore.getState().rememberBatches(batches.map((b) => ({ id: b.batchId, label: b.label })))
  } catch {
    // Labels are a nicety: the batch still shows as "Batch" and counts right.
  }
}
