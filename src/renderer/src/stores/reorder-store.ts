import { create } from 'zustand'

export type DropSide = 'before' | 'after'

interface ReorderState {
  draggingId: string | undefined
  overId: string | undefined
  side: DropSide
  /** Said by the live region after a keyboard or drag move. */
  announcement: string
  start: (id: string) => void
  over: (id: string, side: DropSide) => void
  end: () => void
  announce: (text: string) => void
}

/** The drag in progress, apart from the jobs: rows re-render only when the indicator is theirs. */
export const useReorderStore = create<ReorderState>()((set, get) => ({
  draggingId: undefined,
  overId: undefined,
  side: 'before',
  announcement: '',
  start: (id) => set({ draggingId: id, overId: undefined }),
  over: (id, side) => {
    const s = get()
    if (s.overId !== id || s.side !== side) set({ overId: id, side })
  },
  end: () => set({ draggingId: undefined, overId: undefined }),
  announce: (announcement) => set({ announcement })
}))

/** Where the dragged job lands in the waiting line, counted without itself (as jobs.move wants). */
export function dropIndex(order: readonly string[], draggedId: string, overId: string, side: DropSide): number | undefined {
  const without = order.filter((id) => id !== draggedId)
  const at = without.indexOf(overId)
  if (at < 0) return undefined
  return side === 'after' ? at + 1 : at
}
