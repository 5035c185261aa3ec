/**
 * The contract over Electron IPC: one `ipcMain.handle` per command in STUDIO_COMMANDS (never
 * a hand-written list), every input validated by the shared dispatcher, and the engine's event
 * stream sent unchanged to each window that subscribed. It takes ipcMain and the senders as
 * parameters, so tests drive it with a fake of the two and never load Electron.
 */
import { COMMAND_NAMES, type CommandOutcome, type StudioHandlers } from '@shared/contract'
import { dispatchCommand } from '@shared/dispatch'
import type { DescribeFailure } from '../engine/logging/internal-error'
import type { StudioEvent } from '@shared/events'
import { IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL, ipcCommandChannel } from '@shared/wire'

/** What the bridge needs of a window's webContents. */
export interface WebContentsLike {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
  once(event: 'destroyed', listener: () => void): unknown
}

/** What the bridge reads of an IPC event: who sent it, from which page. */
export interface IpcEventLike {
  sender: WebContentsLike
  senderFrame: { url: string } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike
  handlers: StudioHandlers
  /** The engine's event stream; returns its unsubscribe. */
  subscribe: (listener: (event: StudioEvent) => void) => () => void
  /**
   * Whether a page may talk to the engine: only the app's own renderer may
   * (Electron security checklist: validate the sender of every IPC message).
   */
  isTrustedPage: (url: string) => boolean
  /** Logs an internal failure and names it in plain words (the runtime's). */
  describeFailure?: DescribeFailure
}

export interface IpcBridge {
  /** Windows receiving events right now. */
  subscriberCount(): number
  dispose(): void
}

export function bridgeContractToIpc(options: IpcBridgeOptions): IpcBridge {
  const { ipcMain, handlers, isTrustedPage } = options
  const subscribers = new Map<number, WebContentsLike>()
  const trusted = (event: IpcEventLike): boolean => {
    const url = event.senderFrame?.url
    return typeof url === 'string' && isTrustedPage(url)
  }

  for (const name of COMMAND_NAMES) {
    ipcMain.handle(ipcCommandChannel(name), async (event, input): Promise<CommandOutcome<unknown>> => {
      if (!trusted(event)) return { ok: false, error: { code: 'UNAUTHORIZED', message: 'This page may not use the studio.' } }
      return dispatchCommand(handlers, name, input, options.describeFailure)
    })
  }

  const onSubscribe = (event: IpcEventLike): void => {
    if (!trusted(event)) return
    const sender = event.sender
    if (subscribers.has(sender.id)) return
    subscribers.set(sender.id, sender)
    sender.once('destroyed', () => subscribers.delete(sender.id))
  }
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, onSubscribe)

  const unsubscribe = options.subscribe((event) => {
    for (const [id, contents] of subscribers) {
      if (contents.isDestroyed()) {
        subscribers.delete(id)
        continue
      }
      contents.send(IPC_EVENT_CHANNEL, event)
    }
  })

  return {
    subscriberCount: () => subscribers.size,
    dispose() {
      unsubscribe()
      ipcMain.removeListener(IPC_SUBSCRIBE_CHANNEL, onSubscribe)
      for (const name of COMMAND_NAMES) ipcMain.removeHandler(ipcCommandChannel(name))
      subscribers.clear()
    }
  }
}
