import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useJobsStore } from '../../stores/jobs-store'
import { layoutQueue, SECTION_TITLES, type QueueListItem } from '../../stores/queue-layout'
import { useReorderStore } from '../../stores/reorder-store'
import { JobRow } from './JobRow'
import { useRowReorder } from './useRowReorder'

/** Fixed heights keep the virtual list exact: no measuring pass, no jump while scrolling. */
export const ROW_HEIGHT = 76
/** Below NARROW_QUERY a row stacks its stage and progress under the title (queue-rows.css). */
export const NARROW_ROW_HEIGHT = 112
export const NARROW_QUERY = '(max-width: 900px)'
export const HEADER_HEIGHT = 44

/** True while the window is narrow enough for stacked rows; follows resizes. */
function useNarrow(): boolean {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : undefined
  return useSyncExternalStore(
    (changed) => {
      query?.addEventListener('change', changed)
      return () => query?.removeEventListener('change', changed)
    },
    () => query?.matches ?? false
  )
}

function useQueueItems(): QueueListItem[] {
  // The layout only changes with layoutEpoch (a job added, removed, re-statused or moved).
  const epoch = useJobsStore((s) => s.layoutEpoch)
  return useMemo(() => {
    const { jobs, queue } = useJobsStore.getState()
    return layoutQueue(jobs, queue?.order)
  }, [epoch])
}

/** Every job in one scrolling list, virtualized: only the rows in view exist in the page. */
export function JobList(): React.JSX.Element {
  const items = useQueueItems()
  const scrollRef = useRef<HTMLDivElement>(null)
  const reorderFor = useRowReorder()
  const announcement = useReorderStore((s) => s.announcement)
  const narrow = useNarrow()
  const rowHeight = narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (items[index]?.kind === 'header' ? HEADER_HEIGHT : rowHeight),
    getItemKey: (index) => {
      const item = items[index]
      return item?.kind === 'job' ? item.id : `section-${item?.section ?? index}`
    },
    overscan: 6,
    // React 19 batches the scroll re-render with everything else; a forced sync render per scroll event costs frames.
    useFlushSync: false,
    // Before the first layout (and in tests without layout) assume a window-sized viewport.
    initialRect: { width: 1024, height: 768 }
  })

  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight])

  return (
    <div className="job-list-scroll" ref={scrollRef} data-testid="job-list">
      <div className="job-list-canvas" role="list" aria-label="Jobs" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index]
          if (!item) return null
          return (
            <div key={virtual.key} className="virtual-item" style={{ height: virtual.size, transform: `translateY(${virtual.start}px)` }}>
              {item.kind === 'header' ? (
                <div className="section-header" role="presentation">
                  <h2>{SECTION_TITLES[item.section]}</h2>
                  <span className="section-count tabular">{item.count}</span>
                  {item.section === 'queued' && item.count > 1 && <span className="section-hint">Drag to reorder</span>}
                </div>
              ) : (
                <JobRow id={item.id} place={item.section === 'queued' ? item.indexInSection : undefined} reorder={item.section === 'queued' ? reorderFor(item.id) : undefined} />
              )}
            </div>
          )
        })}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
    </div>
  )
}
