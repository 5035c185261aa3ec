// @vitest-environment jsdom
import { act, cleanup, createEvent, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { App } from '../../src/renderer/src/components/app/App'
import { JobList } from '../../src/renderer/src/components/queue/JobList'
import { useJobsStore } from '../../src/renderer/src/stores/jobs-store'
import { setStudioClient } from '../../src/renderer/src/stores/studio-client'
import { later, makeJob, makeQueue } from './job-fixtures'
import { StudioTestClient } from './studio-test-client'

let client: StudioTestClient

// jsdom lays nothing out: give the list's scroll box the size a window would, so the
// virtualizer has a viewport to fill (800 px, about ten rows).
for (const [prop, size] of [['clientHeight', 800], ['clientWidth', 1000]] as const) {
  const original = Object.getOwnPropertyDescriptor(Element.prototype, prop)!
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('job-list-scroll') ? size : original.get!.call(this)
    }
  })
}

function load(jobs: Job[]): void {
  act(() => useJobsStore.getState().load(jobs, makeQueue({ order: jobs.filter((j) => j.status === 'QUEUED').map((j) => j.id) }), []))
}

beforeEach(() => {
  client = new StudioTestClient()
  setStudioClient(client)
  useJobsStore.setState({ jobs: {}, queue: undefined, loaded: false, batchLabels: {}, layoutEpoch: 0 })
})

afterEach(() => cleanup())

describe('the job list', () => {
  it('keeps only the rows in view in the page, even with 1,000 jobs', () => {
    load(Array.from({ length: 1000 }, (_, i) => makeJob({ title: `Clip ${i}` })))
    render(<JobList />)
    const rows = screen.getAllByRole('listitem')
    expect(rows.length).toBeGreaterThan(3)
    expect(rows.length).toBeLessThan(40)
    expect(screen.getByText('Up next')).toBeTruthy()
    expect(rows[0]!.getAttribute('aria-label')).toBe('Clip 0, queued')
  })

  it('moves a waiting job with the arrow keys on its handle and says where it went', async () => {
    const jobs = [makeJob({ title: 'A' }), makeJob({ title: 'B' }), makeJob({ title: 'C' })]
    load(jobs)
    client.handle('jobs.move', ({ id, toIndex }) => {
      const order = jobs.map((j) => j.id).filter((x) => x !== id)
      order.splice(toIndex, 0, id)
      return makeQueue({ order })
    })
    render(<JobList />)
    await act(async () => fireEvent.keyDown(screen.getByRole('button', { name: /Reorder C/ }), { key: 'ArrowUp' }))
    expect(client.callsOf('jobs.move')).toEqual([{ id: jobs[2]!.id, toIndex: 1 }])
    expect(screen.getAllByRole('listitem').map((r) => r.getAttribute('aria-label'))).toEqual(['A, queued', 'C, queued', 'B, queued'])
    expect(screen.getByText('C is now 2 of 3 in the queue.')).toBeTruthy()
    await act(async () => fireEvent.keyDown(screen.getByRole('button', { name: /Reorder C/ }), { key: 'Home' }))
    expect(client.callsOf('jobs.move').at(-1)).toEqual({ id: jobs[2]!.id, toIndex: 0 })
  })

  it('drops a dragged row before the one it is over', async () => {
    const jobs = [makeJob({ title: 'A' }), makeJob({ title: 'B' }), makeJob({ title: 'C' })]
    load(jobs)
    client.handle('jobs.move', () => makeQueue({ order: [jobs[2]!.id, jobs[0]!.id, jobs[1]!.id] }))
    render(<JobList />)
    const [rowA, , rowC] = screen.getAllByRole('listitem')
    const data = new Map<string, string>()
    const dataTransfer = { types: ['application/x-hls-studio-job'], setData: (k: string, v: string) => data.set(k, v), getData: (k: string) => data.get(k), effectAllowed: '', dropEffect: '' }
    fireEvent.dragStart(rowC!, { dataTransfer })
    // The pointer is in the upper half of row A (jsdom has no DragEvent coordinates or layout).
    rowA!.getBoundingClientRect = () => ({ top: 0, height: 68, bottom: 68, left: 0, right: 900, width: 900, x: 0, y: 0, toJSON: () => ({}) })
    const over = createEvent.dragOver(rowA!, { dataTransfer })
    Object.defineProperty(over, 'clientY', { value: 10 })
    fireEvent(rowA!, over)
    await act(async () => fireEvent.drop(rowA!, { dataTransfer }))
    expect(client.callsOf('jobs.move')).toEqual([{ id: jobs[2]!.id, toIndex: 0 }])
  })
})

describe('the studio window', () => {
  it('welcomes a newcomer with what to do first when the queue is empty', async () => {
    load([])
    render(<App />)
    const welcome = screen.getByTestId('first-run')
    expect(welcome.textContent).toContain('Drop videos, audio or a whole folder')
    expect(screen.getByRole('button', { name: 'Add files' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Add an S3, R2 or MinIO bucket' })).toBeTruthy()
  })

  it('puts the running batch in the window title', () => {
    const jobs = [makeJob({ batchId: 'b', status: 'COMPLETED' }), makeJob({ batchId: 'b', status: 'ENCODING', progress: { percent: 50, stage: 'ENCODING' } }), makeJob({ batchId: 'b' })]
    load(jobs)
    render(<App />)
    expect(document.title).toBe('1 of 3 · 50% — HLS Studio')
    act(() => useJobsStore.getState().applyJobChanges(new Map([[jobs[1]!.id, later(jobs[1]!, { status: 'COMPLETED' })]])))
    expect(document.title).toBe('2 of 3 · 66% — HLS Studio')
  })
})
