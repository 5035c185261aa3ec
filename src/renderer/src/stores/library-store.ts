import { create } from 'zustand'
import type { LibraryCollection, PlaybackSource } from '@shared/app'
import { errorText } from '../format/error-text'
import { attempt } from './notices-store'
import { studio } from './studio-client'

interface LibraryState {
  collections: LibraryCollection[]
  loaded: boolean
  loading: boolean
  error: string | undefined
  /** Share links made this session, by job id: shown under the item until they expire. */
  shares: Record<string, PlaybackSource>
  refresh: () => Promise<void>
  remove: (jobId: string, where: { local: boolean; remote: boolean }) => Promise<boolean>
  /** `mp4`: a link to the MP4 download, kept under shareKey(jobId, true). */
  share: (jobId: string, expiresInSeconds: number, mp4?: boolean) => Promise<PlaybackSource | undefined>
}

let refreshing: Promise<void> | undefined
let again = false

/** Where a card's share link is kept: the HLS one under the job id, the MP4 one beside it. */
export function shareKey(jobId: string, mp4 = false): string {
  return mp4 ? `${jobId}#mp4` : jobId
}

export const useLibraryStore = create<LibraryState>()((set, get) => ({
  collections: [],
  loaded: false,
  loading: false,
  error: undefined,
  shares: {},
  refresh: () => {
    // A finished batch sends many job-completed events at once: one list request at a time,
    // plus one more if anything changed while it ran.
    if (refreshing) {
      again = true
      return refreshing
    }
    set({ loading: true })
    refreshing = (async () => {
      do {
        again = false
        try {
          const collections = await studio().invoke('library.list')
          set({ collections, loaded: true, error: undefined })
        } catch (error) {
          set({ error: errorText(error), loaded: true })
        }
      } while (again)
      set({ loading: false })
      refreshing = undefined
    })()
    return refreshing
  },
  remove: async (jobId, where) => {
    const done = await attempt(() => studio().invoke('library.delete', { id: jobId, ...where }), where.remote ? 'Deleted from this computer and the bucket.' : 'Deleted.')
    if (done) await get().refresh()
    return done !== undefined
  },
  share: async (jobId, expiresInSeconds, mp4) => {
    const source = await attempt(() => studio().invoke('share.create', { id: jobId, expiresInSeconds, mp4 }))
    if (source) set({ shares: { ...get().shares, [shareKey(jobId, mp4)]: source } })
    return source
  }
}))
