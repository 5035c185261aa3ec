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
  startUpload: (name, totalBytes) => {
    const id = nextUpload++
    set({ uploads: [...get().uploads, { id, name, sentBytes: 0, totalBytes }] })
    return id
  },
  progress: (id, sentBytes) => set({ uploads: get().uploads.map((u) => (u.id === id ? { ...u, sentBytes } : u)) }),
  finish: (id) => set({ uploads: get().uploads.filter((u) => u.id !== id) })
}))
