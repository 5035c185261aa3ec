import { useRef } from 'react'
import { jobActions } from '../../stores/job-actions'
import { useJobsStore } from '../../stores/jobs-store'
import { dropIndex, useReorderStore } from '../../stores/reorder-store'

/** A custom type, so the window's file drop zone can tell a row being moved from files. */
export const JOB_DRAG_TYPE = 'application/x-hls-studio-job'

export interface RowReorder {
  rowProps: Pick<React.HTMLAttributes<HTMLDivElement>, 'draggable' | 'onDragStart' | 'onDragOver' | 'onDrop' | 'onDragEnd'>
  handleProps: Pick<React.ButtonHTMLAttributes<HTMLButtonElement>, 'onKeyDown'>
}

function waitingOrder(): string[] {
  return useJobsStore.getState().queue?.order ?? []
}

function titleOf(id: string): string {
  return useJobsStore.getState().jobs[id]?.title ?? 'The job'
}

async function moveTo(id: string, toIndex: number): Promise<void> {
  const total = waitingOrder().length
  await jobActions.move(id, toIndex)
  useReorderStore.getState().announce(`${titleOf(id)} is now ${toIndex + 1} of ${total} in the queue.`)
}

function createRowReorder(id: string): RowReorder {
  return {
    rowProps: {
      draggable: true,
      onDragStart: (event) => {
        event.dataTransfer.effectAllowed = 'move'
        event.dataTransfer.setData(JOB_DRAG_TYPE, id)
        useReorderStore.getState().start(id)
      },
      onDragOver: (event) => {
        const dragging = useReorderStore.getState().draggingId
        if (!dragging || !event.dataTransfer.types.includes(JOB_DRAG_TYPE)) return
        event.preventDefault()
        event.dataTransfer.dropEffect = 'move'
        const box = event.currentTarget.getBoundingClientRect()
        useReorderStore.getState().over(id, event.clientY < box.top + box.height / 2 ? 'before' : 'after')
      },
      onDrop: (event) => {
        const { draggingId, overId, side, end } = useReorderStore.getState()
        end()
        if (!draggingId || !overId || draggingId === overId) return
        event.preventDefault()
        const toIndex = dropIndex(waitingOrder(), draggingId, overId, side)
        if (toIndex !== undefined) void moveTo(draggingId, toIndex)
      },
      onDragEnd: () => useReorderStore.getState().end()
    },
    handleProps: {
      onKeyDown: (event) => {
        if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown' && event.key !== 'Home' && event.key !== 'End') return
        event.preventDefault()
        const order = waitingOrder()
        const at = order.indexOf(id)
        if (at < 0) return
        const last = order.length - 1
        const to = event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowUp' ? at - 1 : at + 1
        if (to < 0 || to > last || to === at) return
        void moveTo(id, to)
      }
    }
  }
}

/** One stable handler set per waiting job, so rows stay memoised while the list scrolls. */
export function useRowReorder(): (id: string) => RowReorder {
  const cache = useRef(new Map<string, RowReorder>())
  return (id) => {
    let reorder = cache.current.get(id)
    if (!reorder) {
      reorder = createRowReorder(id)
      cache.current.set(id, reorder)
    }
    return reorder
  }
}
