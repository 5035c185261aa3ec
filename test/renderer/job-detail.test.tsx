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
  it('says in plain words why a job failed, with what to do, and shows a hardware fallback as its own notice', async () => {
    const job = makeJob({
      title: 'Launch video',
      status: 'FAILED',
      error: { code: 'STORAGE_CREDENTIALS', message: 'The bucket refused the access keys of target r2.' },
      warnings: ['fell back to libx264: h264_nvenc: no NVENC capable device'],
      plan: {
        kind: 'video',
        segmentSeconds: 6,
        treatments: [],
        keyframeSeconds: 2,
        segmentFormat: 'ts',
        audioRungs: [],
        warnings: ['HDR source converted to SDR without tone mapping.'],
        video: { encoder: 'libx264', preset: 'veryfast', frameRate: 25, halveFrameRate: false, toneMap: 'convert', rungs: [{ id: 'v0', label: '720p', width: 1280, height: 720, videoBitrateKbps: 2800, maxrateKbps: 3000, bufsizeKbps: 5600 }] }
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

  it('tells a reader when the job is gone from the queue', () => {
    act(() => useJobsStore.getState().load([], makeQueue(), []))
    render(<JobDetailScreen id="job-00000000-0000-4000-8000-999999999999" />)
    expect(screen.getByText('This job is no longer in the queue')).toBeTruthy()
  })
})
