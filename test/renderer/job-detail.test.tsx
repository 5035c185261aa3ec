// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JobDetailScreen } from '../../src/renderer/src/components/detail/JobDetailScreen'
import { useJobsStore } from '../../src/renderer/src/stores/jobs-store'
import { setStudioClient } from '../../src/renderer/src/stores/studio-client'
import { makeJob, makeQueue } from './job-fixtures'
import { StudioTestClient } from './studio-test-client'

beforeEach(() => {
  setStudioClient(new StudioTestClient().handle('jobs.log', () => ['2026-01-01T12:00:00.000Z [warn] h264_nvenc failed: no NVENC capable device; fell back to libx264']))
})
afterEach(() => cleanup())

describe('job detail', () => {
  it('shows a chunked encode as a strip of chunks: done, encoding, waiting, redone', () => {
    const job = makeJob({
      status: 'ENCODING',
      progress: { stage: 'ENCODING', percent: 40, completedChunks: 2, totalChunks: 5, chunkStates: ['done', 'done', 'redone', 'encoding', 'waiting'] }
    })
    act(() => useJobsStore.getState().load([job], makeQueue(), []))
    render(<JobDetailScreen id={job.id} />)
    const strip = screen.getByRole('list', { name: 'Chunks: 2 of 5 done' })
    const cells = [...strip.querySelectorAll('li')]
    expect(cells.map((c) => c.className)).toEqual(['chunk-cell chunk-done', 'chunk-cell chunk-done', 'chunk-cell chunk-redone', 'chunk-cell chunk-encoding', 'chunk-cell chunk-waiting'])
    expect(cells[2]!.title).toBe('Chunk 3: encoding again (its files did not match its checkpoint)')
    expect(screen.getByText('Chunks 2/5 done')).toBeTruthy()
    expect(screen.getByText('Encoding chunk 3/5')).toBeTruthy()
  })

  it('says how much of a chunked job is in the bucket while it still encodes', () => {
    const job = makeJob({
      status: 'ENCODING',
      target: 'r2',
      progress: { stage: 'ENCODING', percent: 60, completedChunks: 3, totalChunks: 5, chunkStates: ['done', 'done', 'done', 'encoding', 'waiting'], completedSegments: 2, totalSegments: 2500 }
    })
    act(() => useJobsStore.getState().load([job], makeQueue(), []))
    render(<JobDetailScreen id={job.id} />)
    expect(screen.getByText('Encoding chunk 4/5 · uploaded 2/2,500 segments')).toBeTruthy()
  })

  it('says in plain words why a job failed, with what to do, and shows a hardware fallback as its own notice', async () => {
    const job = makeJob({
      title: 'Launch video',
      status: 'FAILED',
      error: { code: 'STORAGE_CREDENTIALS', message: 'The bucket refused the access keys of target r2.' },
      warnings: ['fell back to libx264: h264_nvenc: no NVENC capable device'],
      plan: {
        kind: 'video',
        segmentSeconds: 6,
        keyframeSeconds: 2,
        segmentFormat: 'ts',
        audioRungs: [],
        warnings: ['HDR source converted to SDR without tone mapping.'],
        treatments: [],
        video: { encoder: 'libx264', preset: 'veryfast', frameRate: 25, halveFrameRate: false, toneMap: 'convert', pictureSize: { width: 1280, height: 720 }, rungs: [{ id: 'v0', label: '720p', box: { width: 1280, height: 720 }, width: 1280, height: 720, videoBitrateKbps: 2800, maxrateKbps: 3000, bufsizeKbps: 5600 }] }
      }
    })
    act(() => useJobsStore.getState().load([job], makeQueue(), []))
    render(<JobDetailScreen id={job.id} />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('The bucket refused the access keys of target r2.')
    expect(alert.textContent).toContain('Check the access keys of the target in Settings')
    expect(screen.getByText('Hardware encoder fell back to software')).toBeTruthy()
    expect(screen.getByText('HDR source converted to SDR without tone mapping.')).toBeTruthy()
    expect(screen.getByRole('table').textContent).toContain('1280×720')
    await screen.findByText(/WARN\s+h264_nvenc failed: no NVENC capable device/)
  })

  it('says what was done to the source and shows each rung’s box beside its real size', () => {
    const job = makeJob({
      status: 'COMPLETED',
      plan: {
        kind: 'video',
        segmentSeconds: 6,
        keyframeSeconds: 2,
        segmentFormat: 'ts',
        audioRungs: [],
        warnings: [],
        treatments: [
          { kind: 'deinterlace', text: 'deinterlaced (bwdif, top field first)' },
          { kind: 'tone-map', text: 'tone-mapped from HLG to SDR BT.709' }
        ],
        video: {
          encoder: 'libx264',
          preset: 'veryfast',
          frameRate: 25,
          halveFrameRate: false,
          toneMap: 'tonemap',
          pictureSize: { width: 1920, height: 800 },
          rungs: [
            { id: 'v0', label: '800p', box: { width: 1920, height: 1080 }, width: 1920, height: 800, videoBitrateKbps: 3900, maxrateKbps: 4173, bufsizeKbps: 5850 },
            { id: 'v1', label: '534p', box: { width: 1280, height: 720 }, width: 1280, height: 534, videoBitrateKbps: 2200, maxrateKbps: 2354, bufsizeKbps: 3300 }
          ]
        }
      }
    })
    act(() => useJobsStore.getState().load([job], makeQueue(), []))
    render(<JobDetailScreen id={job.id} />)
    const done = screen.getByTestId('source-treatments')
    expect([...done.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['deinterlaced (bwdif, top field first)', 'tone-mapped from HLG to SDR BT.709'])
    const rows = [...screen.getByRole('table').querySelectorAll('tbody tr')].map((tr) => {
      const [rung, box, size] = [...tr.querySelectorAll('td')]
      return [rung!.textContent, box!.textContent, size!.childNodes[0]!.textContent, size!.querySelector('.box-inline')!.textContent]
    })
    expect(rows).toEqual([
      ['v0 800p', '1920×1080', '1920×800', 'in 1920×1080'],
      ['v1 534p', '1280×720', '1280×534', 'in 1280×720']
    ])
  })

  it('says nothing was done to a source encoded as it is', () => {
    const job = makeJob({ plan: { kind: 'audio', segmentSeconds: 6, keyframeSeconds: 2, segmentFormat: 'ts', audioRungs: [], warnings: [], treatments: [] } })
    act(() => useJobsStore.getState().load([job], makeQueue(), []))
    render(<JobDetailScreen id={job.id} />)
    expect(screen.getByTestId('source-treatments').textContent).toContain('Nothing: encoded as it is.')
  })

  it('tells a reader when the job is gone from the queue', () => {
    act(() => useJobsStore.getState().load([], makeQueue(), []))
    render(<JobDetailScreen id="job-00000000-0000-4000-8000-999999999999" />)
    expect(screen.getByText('This job is no longer in the queue')).toBeTruthy()
  })
})
