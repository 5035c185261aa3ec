import { create } from 'zustand'
import { errorText } from '../format/error-text'

export type NoticeTone = 'info' | 'success' | 'error'

export interface Notice {
  id: number
  tone: NoticeTone
  text: string
}

interface NoticesState {
  notices: Notice[]
  push: (tone: NoticeTone, text: string) => number
  dismiss: (id: number) => void
}

/** Confirmation and errors are transient; errors stay until dismissed so they can be read. */
const AUTO_DISMISS_MS = 4000
let nextId = 1

export const useNoticesStore = create<NoticesState>()((set, get) => ({
  notices: [],
  push: (tone, text) => {
    const id = nextId++
    set({ notices: [...get().notices.slice(-4), { id, tone, text }] })
    if (tone !== 'error') setTimeout(() => get().dismiss(id), AUTO_DISMISS_MS)
    return id
  },
  dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) })
}))

export function notify(text: string, tone: NoticeTone = 'info'): void {
  useNoticesStore.getState().push(tone, text)
}

/** Runs a command and turns a rejection into a readable notice; resolves undefined then. */
export async function attempt<T>(work: () => Promise<T>, success?: string): Promise<T | undefined> {
  try {
    const value = await work()
    if (success) notify(success, 'success')
    return value
  } catch (error) {
    notify(errorText(error), 'error')
    return undefined
  }
}
