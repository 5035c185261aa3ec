// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WorkersStatus } from '@shared/workers'
import { describeWork, WorkersPanel } from '../../src/renderer/src/components/settings/WorkersPanel'
import { formatSecondsAgo } from '../../src/renderer/src/format/time'
import { setStudioClient } from '../../src/renderer/src/stores/studio-client'
import { StudioTestClient } from './studio-test-client'

const STATUS: WorkersStatus = {
  active: { url: 'redis://:***@studio-pc:6379', source: 'settings' },
  saved: { url: 'redis://studio-pc:6379', hasPassword: true },
  redis: { ok: true, detail: 'Redis 7.0.15 at redis://:***@studio-pc:6379 answers' },
  connect: { serverUrl: 'http://192.168.1.10:8687', token: 'desk-token-0123456789' },
  seen: [
    { name: 'gaming-pc', cores: 16, encoders: ['libx264', 'h264_nvenc'], version: '0.1.0', protocol: 1, active: ['job-1a2b3c4d-9f-c2-a1'], seenAt: new Date(Date.now() - 3000).toISOString() },
    { name: 'nas', cores: 4, encoders: ['libx264'], version: '0.1.0', protocol: 1, active: [], seenAt: new Date().toISOString() }
  ]
}

let client: StudioTestClient
beforeEach(() => {
  client = new StudioTestClient()
  client.handle('workers.status', () => STATUS)
  client.handle('workers.saveRedis', () => STATUS)
  setStudioClient(client)
})
afterEach(() => cleanup())

describe('Settings → Workers', () => {
  it('shows the Redis in use, the worker command, and each worker with its chunk and heartbeat', async () => {
    await act(async () => void render(<WorkersPanel />))
    expect(screen.getByTestId('workers-redis').textContent).toContain('Chunks go through redis://:***@studio-pc:6379 (from these Settings)')
    expect(screen.getByTestId('worker-command').textContent).toBe('hls-studio worker --redis <the same Redis URL> --server http://192.168.1.10:8687 --token desk-token-0123456789')
    const rows = screen.getAllByTestId('worker-row').map((r) => r.textContent?.trim())
    expect(rows[0]).toMatch(/^gaming-pc16 cores · libx264, h264_nvenc · v0\.1\.0chunk 3 of job 1a2b3c4dheard \d s ago$/)
    expect(rows[1]).toContain('idle')
  })

  it('keeps the saved password out of the form and sends a password only when one is typed', async () => {
    await act(async () => void render(<WorkersPanel />))
    const password = screen.getByLabelText('Password') as HTMLInputElement
    expect(password.value).toBe('')
    expect(password.placeholder).toBe('saved; leave empty to keep it')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })))
    fireEvent.change(password, { target: { value: 'new-pass' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })))
    expect(client.calls.filter((c) => c.name === 'workers.saveRedis').map((c) => c.input)).toEqual([{ url: 'redis://studio-pc:6379' }, { url: 'redis://studio-pc:6379', password: 'new-pass' }])
  })

  it('names a work id and a heartbeat in words', () => {
    expect(describeWork('job-0b7e2f51-aaaa-c0-a2')).toBe('chunk 1 of job 0b7e2f51, attempt 2')
    expect(describeWork('something else')).toBe('something else')
    expect(formatSecondsAgo('2026-01-01T12:00:00Z', Date.parse('2026-01-01T12:00:04Z'))).toBe('4 s ago')
    expect(formatSecondsAgo('2026-01-01T12:00:00Z', Date.parse('2026-01-01T12:05:00Z'))).toBe('5 min ago')
  })
})
