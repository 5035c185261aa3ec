import { create } from 'zustand'
import type { JobLogLine } from '@shared/events'
import { errorText } from '../format/error-text'
import { formatLogLine, formatStoredLogLine } from '../format/log-line'
import { studio } from './studio-client'

/** Enough to see what ffmpeg said last without holding a whole encode's stderr in the window. */
const KEEP_LINES = 400

interface JobLogState {
  jobId: string | undefined
  lines: string[]
  error: string | undefined
  /** Loads the tail of one job's log; later lines arrive as job-log events. */
  open: (jobId: string) => Promise<void>
  close: () => void
  append: (log: JobLogLine) => void
}

export const useJobLogStore = create<JobLogState>()((set, get) => ({
  jobId: undefined,
  lines: [],
  error: undefined,
  open: async (jobId) => {
    set({ jobId, lines: [], error: undefined })
    try {
      const tail = await studio().invoke('jobs.log', { id: jobId, tail: 200 })
      if (get().jobId !== jobId) return
      // Lines that streamed in while the tail loaded come after it.
      set({ lines: [...tail.map(formatStoredLogLine), ...get().lines].slice(-KEEP_LINES) })
    } catch (error) {
      if (get().jobId === jobId) set({ error: errorText(error) })
    }
  },
  close: () => set({ jobId: undefined, lines: [], error: undefined }),
  append: (log) => {
    if (log.jobId !== get().jobId) return
    const line = formatLogLine(log.at, log.level, log.line)
    set({ lines: [...get().lines, line].slice(-KEEP_LINES) })
  }
}))
