/**
 * The API the preload exposes as `window.studio`, built from narrow views of ipcRenderer and
 * webUtils so it can be tested without Electron. It is a plain object of functions, because
 * the context bridge drops prototypes, and it hands the page nothing else: no ipcRenderer,
 * no channel names, no way to send to an arbitrary channel.
 */
import { isCommandName, type CommandName, type CommandOutcome } from '@shared/contract'
import type { DesktopStudioApi } from '@shared/desktop-api'
import type { StudioErrorValue } from '@shared/errors'
import type { StudioEvent, StudioEventType } from '@shared/events'
import { IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, ipcCommandChannel, isEventType } from '@shared/wire'

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  send(channel: string, ...args: unknown[]): void
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): void
}

export interface WebUtilsLike {
  getPathForFile(file: File): string
}

function isOutcome(value: unknown): value is CommandOutcome<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

/** Rejections are plain `{ code, message }` values: the bridge would strip an Error's code. */
function rejection(error: StudioErrorValue): StudioErrorValue {
  return { code: error.code, message: error.message }
}

export function createStudioApi(ipc: IpcRendererLike, webUtils: WebUtilsLike): DesktopStudioApi {
  const listeners = new Map<StudioEventType, Set<(event: StudioEvent) => void>>()
  let subscribed = false

  function subscribeOnce(): void {
    if (subscribed) return
    subscribed = true
    ipc.on(IPC_EVENT_CHANNEL, (_event, payload) => {
      const type = (payload as { type?: unknown } | null)?.type
      if (!isEventType(type)) return
      for (const listener of [...(listeners.get(type) ?? [])]) {
        try {
          listener(payload as StudioEvent)
        } catch (error) {
          console.error(error)
        }
      }
    })
    ipc.send(IPC_SUBSCRIBE_CHANNEL)
  }

  const invoke = async (name: CommandName, input?: unknown): Promise<unknown> => {
    if (!isCommandName(name)) throw rejection({ code: 'UNKNOWN_COMMAND', message: `The studio has no command "${String(name).slice(0, 80)}".` })
    let outcome: unknown
    try {
      outcome = await ipc.invoke(ipcCommandChannel(name), input)
    } catch {
      throw rejection({ code: 'DISCONNECTED', message: 'The studio engine did not answer.' })
    }
    if (!isOutcome(outcome)) throw rejection({ code: 'INTERNAL', message: 'The studio engine gave an answer this window cannot read.' })
    if (outcome.ok) return outcome.value
    throw rejection(outcome.error)
  }

  return {
    invoke: invoke as DesktopStudioApi['invoke'],
    on(type, listener) {
      const wrapped = listener as (event: StudioEvent) => void
      let set = listeners.get(type)
      if (!set) {
        set = new Set()
        listeners.set(type, set)
      }
      set.add(wrapped)
      subscribeOnce()
      return () => {
        listeners.get(type)?.delete(wrapped)
      }
    },
    pathForFile(file) {
      // A File made by the page (not dropped from disk) has no path: Electron answers ''.
      try {
        return webUtils.getPathForFile(file as File)
      } catch {
        return ''
      }
    }
  }
}
