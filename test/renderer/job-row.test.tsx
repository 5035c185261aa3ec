// @vitest-environment jsdom
import { Profiler } from 'react'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { JobRow } from '../../src/renderer/src/components/queue/JobRow'
import { useJobsStore } from '../../src/renderer/src/stores/jobs-store'
import { useSettingsStore } from '../../src/renderer/src/stores/settings-store'
import { setStudioClient } from '../../src/renderer/src/stores/studio-client'
import { later, makeJob } from './job-fixtures'
import { StudioTestClient } from './studio-test-client'

let client: StudioTestClient

function put(...jobs: Job[]): void {
  act(() => useJobsStore.getState().applyJobChanges(new Map(jobs.map((j) => [j.id, j]))))
}

beforeEach(() => {
  client = new StudioTestClient()
  for (const name of ['jobs.cancel', 'jobs.retry', 'jobs.retryUpload', 'shell.reveal'] as const) client.handle(name, (() => ({})) as never)
  client.handle('jobs.remove', ({ id }) => ({ removed: id }))
  setStudioClient(client)
  useJobsStore.setState({ jobs: {}, queue: undefined, loaded: true, batchLabels: {}, layoutEpoch: 0 })
  useSettingsStore.setState({ info: undefined })
})

afterEach(() => cleanup())

describe('a job row', () => {
  it('shows what an encode is doing: title, slug, source, type, stage, percent, rung, pace and ETA', () => {
    const job = makeJob({
      title: 'Episode 3',
      slug: 'my-show',
      status: 'ENCODING',
      plan: { kind: 'video', segmentSeconds: 6, keyframeSeconds: 2, segmentFormat: 'ts', audioRungs: [], warnings: [], treatments: [] },
      progress: { percent: 42.7, stage: 'ENCODING', currentVariant: '720p', variantIndex: 2, variantCount: 4, fps: 87.4, speed: 2.91, etaSeconds: 185 }
    })
    put(job)
    render(<JobRow id={job.id} />)
    const row = screen.getByRole('listitem')
    expect(within(row).getByRole('button', { name: 'Episode 3' })).toBeTruthy()
    expect(row.textContent).toContain('my-show')
    expect(row.textContent).toContain('holiday-film.mp4')
    expect(row.textContent).toContain('Video')
    expect(row.textContent).toContain('Encoding')
    expect(row.textContent).toContain('720p · 2 of 4')
    expect(row.textContent).toContain('87 fps · 2.9×')
    expect(row.textContent).toContain('3 min left')
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42')
    expect(row.textContent).toContain('42%')
  })

  it('counts an upload in segments', () => {
    const job = makeJob({ status: 'UPLOADING', target: 'r2', progress: { percent: 91, stage: 'UPLOADING', completedSegments: 37, totalSegments: 120 } })
    put(job)
    render(<JobRow id={job.id} />)
    expect(screen.getByRole('listitem').textContent).toContain('Segments 37 of 120')
  })

  it('shows both while a chunked job uploads as it encodes: the chunk, and segments uploaded of the package', () => {
    const progress = { percent: 40, stage: 'ENCODING' as const, variantCount: 4, completedChunks: 6, totalChunks: 20, completedSegments: 312, totalSegments: 1200 }
    const job = makeJob({ status: 'ENCODING', target: 'r2', progress })
    put(job)
    render(<JobRow id={job.id} />)
    expect(screen.getByRole('listitem').textContent).toContain('Encoding chunk 7/20 · uploaded 312/1,200 segments')
    // Without a target nothing is counted, and the row says what the chunk's encode does.
    put({ ...job, target: undefined, progress: { ...progress, completedSegments: undefined, totalSegments: undefined } })
    expect(screen.getByRole('listitem').textContent).toContain('Encoding chunk 7/20 · 4 rungs at once')
    expect(screen.getByRole('listitem').textContent).not.toContain('uploaded')
  })

  it('says in plain words why a job failed, and offers retry, retry upload only and remove', async () => {
    const job = makeJob({
      title: 'Concert',
      status: 'FAILED',
      target: 'r2',
      error: { code: 'STORAGE_CREDENTIALS', message: 'The bucket refused the access keys of target r2.' },
      outputs: { dir: '/o/concert/x', masterPlaylist: 'master.m3u8', manifest: 'job.json', totalBytes: 10, variants: [] }
    })
    put(job)
    render(<JobRow id={job.id} />)
    expect(screen.getByRole('listitem').textContent).toContain('The bucket refused the access keys of target r2.')
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Retry upload only: Concert' })))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Retry Concert' })))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Concert from the list' })))
    expect(client.calls.map((c) => c.name)).toEqual(['jobs.retryUpload', 'jobs.retry', 'jobs.remove'])
    expect(client.callsOf('jobs.remove')).toEqual([{ id: job.id, deleteOutputs: false }])
    expect(screen.queryByRole('button', { name: /Cancel/ })).toBeNull()
  })

  it('lets a running job be cancelled but not removed, and reveals folders only in the desktop app', async () => {
    const job = makeJob({ title: 'Trailer', status: 'ENCODING', outputs: { dir: '/o', masterPlaylist: 'master.m3u8', manifest: 'job.json', totalBytes: 1, variants: [] } })
    put(job)
    render(<JobRow id={job.id} />)
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /Reveal/ })).toBeNull()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Cancel Trailer' })))
    expect(client.callsOf('jobs.cancel')).toEqual([{ id: job.id }])

    act(() => useSettingsStore.setState({ info: { canUseLocalPaths: true } as never }))
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Reveal Trailer in folder' })))
    expect(client.callsOf('shell.reveal')).toEqual([{ id: job.id }])
  })

  it('re-renders only the row whose job changed', () => {
    const a = makeJob({ status: 'ENCODING' })
    const b = makeJob({ status: 'ENCODING' })
    put(a, b)
    const renders: Record<string, number> = { a: 0, b: 0 }
    render(
      <>
        <Profiler id="a" onRender={() => (renders.a! += 1)}>
          <JobRow id={a.id} />
        </Profiler>
        <Profiler id="b" onRender={() => (renders.b! += 1)}>
          <JobRow id={b.id} />
        </Profiler>
      </>
    )
    const before = { ...renders }
    put(later(a, { progress: { percent: 10, stage: 'ENCODING' } }))
    put(later(a, { progress: { percent: 20, stage: 'ENCODING' } }))
    expect(renders.a).toBe(before.a! + 2)
    expect(renders.b).toBe(before.b)
  })
})
