// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FfmpegPanel } from '../../src/renderer/src/components/settings/FfmpegPanel'
import { useSettingsStore } from '../../src/renderer/src/stores/settings-store'
import { setStudioClient } from '../../src/renderer/src/stores/studio-client'
import { defaultStudioSettings, serverAppInfo } from '../helpers/app-fixtures'
import { StudioTestClient } from './studio-test-client'

const SETTINGS = defaultStudioSettings()
const INFO = serverAppInfo()
const REASON = 'From a browser, ffmpeg cannot be changed: it is chosen when serve starts (--ffmpeg and --ffprobe, or HLS_STUDIO_FFMPEG and HLS_STUDIO_FFPROBE).'

let client: StudioTestClient
beforeEach(() => {
  client = new StudioTestClient()
  client.handle('encoders.report', () => ({ ffmpegPath: '/opt/ffmpeg', ffmpegVersion: '5.1.6', autoChoice: 'libx264', testedAt: new Date().toISOString(), encoders: [] }))
  client.handle('settings.update', () => SETTINGS)
  setStudioClient(client)
  useSettingsStore.setState({ encoders: undefined })
})
afterEach(() => cleanup())

describe('the ffmpeg panel', () => {
  it('is read-only in serve, with the reason, and sends no change', async () => {
    await act(async () => void render(<FfmpegPanel settings={SETTINGS} info={{ ...INFO, ffmpegLockedReason: REASON }} />))
    expect(screen.getByRole('note').textContent).toBe(REASON)
    const radios = screen.getAllByRole('radio')
    expect(radios).toHaveLength(3)
    for (const radio of radios) expect((radio as HTMLInputElement).disabled).toBe(true)
    await act(async () => void fireEvent.click(screen.getByLabelText(/System/)))
    expect(client.calls.filter((c) => c.name === 'settings.update')).toEqual([])
    expect(screen.queryByText('ffmpeg path')).toBeNull()
  })

  it('lets the desktop choose', async () => {
    await act(async () => void render(<FfmpegPanel settings={SETTINGS} info={INFO} />))
    expect(screen.queryByRole('note')).toBeNull()
    await act(async () => void fireEvent.click(screen.getByLabelText(/System/)))
    expect(client.calls.filter((c) => c.name === 'settings.update')).toEqual([{ name: 'settings.update', input: { ffmpeg: { mode: 'system' } } }])
  })
})
