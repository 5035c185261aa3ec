import { create } from 'zustand'

export interface UploadProgress {
  id: number
  name: string
  sentBytes: number
  totalBytes: number
}

interface IntakeState {
  /** Browser uploads in flight (serve mode): files travel before their jobs can start. */
  uploads: UploadProgress[]
  /** Sources being read or sent to the engine right now. */
  busy: boolean
  /** This drop's MP4 download choice; undefined follows the encoding defaults in Settings. */
  mp4?: boolean
  setMp4: (mp4: boolean | undefined) => void
  setBusy: (busy: boolean) => void
  startUpload: (name: string, totalBytes: number) => number
  progress: (id: number, sentBytes: number) => void
  finish: (id: number) => void
}

let nextUpload = 1

export const useIntakeStore = create<IntakeState>()((set, get) => ({
  uploads: [],
  busy: false,
  setBusy: (busy) => set({ busy }),
  setMp4: (mp4) => set({ mp4 }),
  startUpload: (name, totalBytes) => {
    const id = nextUpload++
    set({ uploads: [...get().uploads, { id, name, sentBytes: 0, totalBytes }] })
    return id
  },
  progress: (id, sentBytes) => set({ uploads: get().uploads.map((u) => (u.id === id ? { ...u, sentBytes } : u)) }),
  finish: (id) => set({ uploads: get().uploads.filter((u) => u.id !== id) })
}))
