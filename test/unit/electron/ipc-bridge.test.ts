import { afterEach, describe, expect, it } from 'vitest'
import { bridgeContractToIpc, type IpcBridge } from '../../../src/main/electron/ipc-bridge'
import { createStudioApi } from '../../../src/preload/studio-api'
import { electronStudioClient } from '../../../src/renderer/src/client/electron-client'
import { COMMAND_NAMES, type StudioHandlers } from '../../../src/shared/contract'
import { StudioError } from '../../../src/shared/errors'
import type { StudioEvent } from '../../../src/shared/events'
import type { Job } from '../../../src/shared/job'
import { ipcCommandChannel } from '../../../src/shared/wire'
import { FakeIpcMain, FakeWindow } from './fake-ipc'

const JOB = 'job-0f0e0d0c-0b0a-4909-8807-060504030201'
const APP_PAGE = 'file:///app/out/renderer/index.html'

function eventStream() {
  const listeners = new Set<(event: StudioEvent) => void>()
  return {
    subscribe(listener: (event: StudioEvent) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    emit(event: StudioEvent) {
      for (const l of listeners) l(event)
    },
    get size() {
      return listeners.size
    }
  }
}

function handlersRecording(calls: Array<{ name: string; args: unknown }>): StudioHandlers {
  const handlers: Record<string, (args: unknown) => Promise<unknown>> = {}
  for (const name of COMMAND_NAMES) {
    handlers[name] = async (args) => {
      calls.push({ name, args })
      if (name === 'jobs.cancel') throw new StudioError('INVALID_TRANSITION', `Job ${JOB} has already ended (COMPLETED).`)
      if (name === 'queue.pause') throw new Error('disk full')
      return { answeredBy: name, args }
    }
  }
  return handlers as unknown as StudioHandlers
}

const job = { id: JOB, title: 'Episode 1', status: 'ENCODING', progress: { percent: 42, stage: 'ENCODING' } } as unknown as Job

describe('the contract over Electron IPC', () => {
  let bridge: IpcBridge | undefined
  afterEach(() => bridge?.dispose())

  function setUp() {
    const ipcMain = new FakeIpcMain()
    const events = eventStream()
    const calls: Array<{ name: string; args: unknown }> = []
    bridge = bridgeContractToIpc({ ipcMain, handlers: handlersRecording(calls), subscribe: events.subscribe, isTrustedPage: (url) => url === APP_PAGE })
    return { ipcMain, events, calls }
  }

  it('registers exactly one handler per command of the contract', () => {
    const { ipcMain } = setUp()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(ipcCommandChannel).sort())
  })

  it('runs a command from the preload API with its validated input and returns the value', async () => {
    const { ipcMain, calls } = setUp()
    const window = new FakeWindow(ipcMain)
    const studio = createStudioApi(window.ipcRenderer, { getPathForFile: () => '' })
    expect(await studio.invoke('jobs.log', { id: JOB })).toEqual({ answeredBy: 'jobs.log', args: { id: JOB, tail: 200 } })
    expect(await studio.invoke('jobs.list')).toEqual({ answeredBy: 'jobs.list', args: undefined })
    expect(calls.map((c) => c.name)).toEqual(['jobs.log', 'jobs.list'])
  })

  it('rejects invalid input and unknown commands as plain { code, message } values, never reaching a handler', async () => {
    const { ipcMain, calls } = setUp()
    const window = new FakeWindow(ipcMain)
    const studio = createStudioApi(window.ipcRenderer, { getPathForFile: () => '' })
    await expect(studio.invoke('jobs.get', { id: '../../etc/passwd' })).rejects.toEqual({ code: 'INVALID_INPUT', message: 'jobs.get: ✖ A job id looks like job-<uuid>.\n  → at id' })
    await expect(studio.invoke('jobs.move', { id: JOB, toIndex: -1 })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('toIndex') })
    // A page that bypasses the types still gets a typed answer.
    await expect((studio.invoke as (n: string) => Promise<unknown>)('jobs.format')).rejects.toMatchObject({ code: 'UNKNOWN_COMMAND' })
    expect(calls).toEqual([])
  })

  it('returns handler errors as values: StudioErrors keep their code, anything else is INTERNAL without a stack', async () => {
    const { ipcMain } = setUp()
    const window = new FakeWindow(ipcMain)
    const studio = createStudioApi(window.ipcRenderer, { getPathForFile: () => '' })
    await expect(studio.invoke('jobs.cancel', { id: JOB })).rejects.toEqual({ code: 'INVALID_TRANSITION', message: `Job ${JOB} has already ended (COMPLETED).` })
    const raw = await window.ipcRenderer.invoke(ipcCommandChannel('queue.pause'))
    expect(raw).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk full' } })
  })

  it('the renderer client turns those rejections back into StudioErrors, as the WebSocket client does', async () => {
    const { ipcMain } = setUp()
    const window = new FakeWindow(ipcMain)
    const client = electronStudioClient(createStudioApi(window.ipcRenderer, { getPathForFile: () => '' }))
    const error = await client.invoke('jobs.cancel', { id: JOB }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StudioError)
    expect(error).toMatchObject({ code: 'INVALID_TRANSITION' })
  })

  it('sends events unchanged to the windows that subscribed, by type, until they unsubscribe or close', async () => {
    const { ipcMain, events } = setUp()
    const listening = new FakeWindow(ipcMain)
    const quiet = new FakeWindow(ipcMain)
    const studio = createStudioApi(listening.ipcRenderer, { getPathForFile: () => '' })
    createStudioApi(quiet.ipcRenderer, { getPathForFile: () => '' })
    const updates: StudioEvent[] = []
    const completions: StudioEvent[] = []
    const stopUpdates = studio.on('job-updated', (e) => updates.push(e))
    studio.on('job-completed', (e) => completions.push(e))
    expect(bridge!.subscriberCount()).toBe(1)

    const update: StudioEvent = { type: 'job-updated', job }
    events.emit(update)
    events.emit({ type: 'job-completed', job: { ...job, status: 'COMPLETED' } })
    expect(updates).toEqual([update])
    expect(completions).toHaveLength(1)
    expect(quiet.sent).toEqual([])

    stopUpdates()
    events.emit(update)
    expect(updates).toHaveLength(1)

    listening.destroy()
    expect(bridge!.subscriberCount()).toBe(0)
    expect(() => events.emit(update)).not.toThrow()
  })

  it('answers UNAUTHORIZED to a page that is not the app, and never sends it events', async () => {
    const { ipcMain, events, calls } = setUp()
    const stranger = new FakeWindow(ipcMain, 'https://evil.example/')
    const studio = createStudioApi(stranger.ipcRenderer, { getPathForFile: () => '' })
    await expect(studio.invoke('jobs.list')).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    studio.on('job-updated', () => undefined)
    events.emit({ type: 'job-updated', job })
    expect(stranger.sent).toEqual([])
    expect(calls).toEqual([])
  })

  it('dispose removes every handler and stops listening to the engine', () => {
    const { ipcMain, events } = setUp()
    bridge!.dispose()
    expect(ipcMain.handlers.size).toBe(0)
    expect(events.size).toBe(0)
    bridge = undefined
  })

  it('resolves a dropped file to its path through webUtils, and nothing for a file made by the page', () => {
    const { ipcMain } = setUp()
    const window = new FakeWindow(ipcMain)
    const dropped = new File(['x'], 'clip.mp4')
    const studio = createStudioApi(window.ipcRenderer, {
      getPathForFile: (file) => {
        if (file !== dropped) throw new TypeError('Not a File from disk')
        return '/home/me/clip.mp4'
      }
    })
    expect(studio.pathForFile(dropped)).toBe('/home/me/clip.mp4')
    expect(studio.pathForFile(new Blob(['y']))).toBe('')
  })
})
