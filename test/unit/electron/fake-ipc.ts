/**
 * A minimal stand-in for Electron's IPC, for the one place a fake of Electron is right: the
 * binary cannot run here. It behaves like the real thing where the bridge depends on it:
 * every payload is structured-cloned (functions cannot cross), a second handler for a channel
 * throws, an invoke without a handler rejects with Electron's own words, and a destroyed
 * webContents emits 'destroyed' and throws on send.
 */
import { EventEmitter } from 'node:events'
import type { IpcEventLike, IpcMainLike, WebContentsLike } from '../../../src/main/electron/ipc-bridge'
import type { IpcRendererLike } from '../../../src/preload/studio-api'

type Handler = (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>

export class FakeIpcMain extends EventEmitter implements IpcMainLike {
  readonly handlers = new Map<string, Handler>()

  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
}

let nextId = 1

/** One window: its webContents (what main sends to) and its ipcRenderer (what the preload uses). */
export class FakeWindow extends EventEmitter implements WebContentsLike {
  readonly id = nextId++
  private destroyed = false
  private readonly rendererSide = new EventEmitter()
  readonly sent: Array<{ channel: string; args: unknown[] }> = []

  constructor(
    private readonly main: FakeIpcMain,
    /** The URL of the page in the window: the bridge trusts only the app's own. */
    public url = 'file:///app/out/renderer/index.html'
  ) {
    super()
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    const copy = structuredClone(args)
    this.sent.push({ channel, args: copy })
    this.rendererSide.emit(channel, { sender: null }, ...copy)
  }

  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }

  private event(): IpcEventLike {
    return { sender: this, senderFrame: { url: this.url } }
  }

  /** What the preload of this window sees as ipcRenderer. */
  readonly ipcRenderer: IpcRendererLike = {
    invoke: async (channel, ...args) => {
      const handler = this.main.handlers.get(channel)
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
      return structuredClone(await handler(this.event(), ...structuredClone(args)))
    },
    send: (channel, ...args) => {
      this.main.emit(channel, this.event(), ...structuredClone(args))
    },
    on: (channel, listener) => {
      this.rendererSide.on(channel, listener)
    }
  }
}
