// @vitest-environment jsdom
/** The batch header and a row's wording, as a person reads them in the queue. */
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { Sidebar } from '../../src/renderer/src/components/app/Sidebar'
import { BatchHeader } from '../../src/renderer/src/components/queue/BatchHeader'
import { JobRow } from '../../src/renderer/src/components/queue/JobRow'
import { currentBatch, watchedBatches } from '../../src/renderer/src/stores/batch-progress'
import { useJobsStore } from '../../src/renderer/src/stores/jobs-store'
import { useSettingsStore } from '../../src/renderer/src/stores/settings-store'
import { makeJob } from './job-fixtures'

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 8, 0, second)).toISOString()

function put(...jobs: Job[]): void {
  act(() => useJobsStore.getState().applyJobChanges(new Map(jobs.map((j) => [j.id, j]))))
}

beforeEach(() => {
  useJobsStore.setState({ jobs: {}, queue: undefined, loaded: true, batchLabels: {}, layoutEpoch: 0 })
  useSettingsStore.setState({ info: undefined })
})
afterEach(() => cleanup())

describe('the batch header', () => {
  it('shows every batch with work left, oldest first, each with its own count', () => {
    const first = [makeJob({ batchId: 'a', createdAt: at(1), status: 'ENCODING', progress: { percent: 66, stage: 'ENCODING' } }), makeJob({ batchId: 'a', createdAt: at(1), status: 'COMPLETED' })]
    const second = [makeJob({ batchId: 'b', createdAt: at(9) }), makeJob({ batchId: 'b', createdAt: at(9) })]
    const old = makeJob({ batchId: 'old', createdAt: at(0), status: 'COMPLETED' })
    put(...first, ...second, old)
    useJobsStore.setState({ batchLabels: { a: 'harbour.mp4 and 1 file', b: '2 files' } })
    render(<BatchHeader />)
    const lines = screen.getAllByTestId('batch-count').map((count) => count.parentElement!.textContent)
    expect(lines).toEqual(['harbour.mp4 and 1 file1 of 21 running', '2 files0 of 2waiting'])
    // The title and the taskbar count both drops as one.
    const { jobs, batchLabels } = useJobsStore.getState()
    expect(watchedBatches(jobs, batchLabels)).toHaveLength(2)
    expect(currentBatch(jobs, batchLabels)).toMatchObject({ label: '2 batches', total: 4, finished: 1, active: 1 })
  })

  it('paints one failed file of two as half red, not as a failed batch', () => {
    put(makeJob({ batchId: 'c', status: 'COMPLETED' }), makeJob({ batchId: 'c', status: 'FAILED', error: { code: 'NOT_MEDIA', message: 'Not media.' } }))
    render(<BatchHeader />)
    const bar = screen.getByRole('progressbar')
    const width = (part: string): string => (bar.querySelector(`.part-${part}`) as HTMLElement).style.width
    expect([width('success'), width('danger'), width('muted')]).toEqual(['50%', '50%', '0%'])
    expect(bar.getAttribute('aria-valuetext')).toBe('2 of 2, done, 1 did not finish')
  })
})

describe('a row', () => {
  it('shows a queued audio file as audio before it is probed', () => {
    const job = makeJob({ resourceType: 'auto', plan: undefined, source: { kind: 'file', path: '/media/Interview.MP3' } })
    put(job)
    const { container } = render(<JobRow id={job.id} />)
    expect(container.querySelector('.job-kind')!.getAttribute('data-kind')).toBe('audio')
    expect(container.querySelector('.lucide-music')).not.toBeNull()
    expect(screen.getByRole('listitem').textContent).toContain('Audio')
  })

  it('offers no Retry for a file that is not media, and gives its error the progress column', () => {
    const notMedia = makeJob({ title: 'shot-list', status: 'FAILED', error: { code: 'NOT_MEDIA', message: 'This file is not a video or audio file ffmpeg can read (shot-list.mp4).' }, progress: { percent: 0, stage: 'FAILED' } })
    const timedOut = makeJob({ title: 'long-take', status: 'FAILED', error: { code: 'TIMEOUT', message: 'ffmpeg made no progress for 180 s' }, progress: { percent: 0, stage: 'FAILED' } })
    put(notMedia, timedOut)
    render(
      <>
        <JobRow id={notMedia.id} />
        <JobRow id={timedOut.id} />
      </>
    )
    const [first, second] = screen.getAllByRole('listitem')
    expect(within(first!).queryByRole('button', { name: 'Retry shot-list' })).toBeNull()
    expect(within(first!).getByRole('button', { name: 'Remove shot-list from the list' })).toBeTruthy()
    expect(first!.getAttribute('data-progress')).toBe('none')
    expect(within(second!).getByRole('button', { name: 'Retry long-take' })).toBeTruthy()
  })
})

describe('the navigation', () => {
  it('names every icon-only link and gives it a tooltip', () => {
    render(<Sidebar />)
    for (const name of ['Queue', 'Library', 'Settings']) {
      const link = screen.getByRole('link', { name })
      expect(link.getAttribute('title')).toBe(name)
    }
  })
})
