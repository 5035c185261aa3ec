/**
 * The StudioClient of a browser against `serve`: commands and events over one WebSocket.
 * It is derived from the contract's types only; the server validates every input.
 * A dropped connection rejects what was waiting with DISCONNECTED and reconnects by itself,
 * subscribing again to what the page listens to.
 */
import type { CommandInput, CommandName, CommandResult, StudioClient } from '@shared/contract'
import { backoffDelayMs, type RetryPolicy } from '@shared/backoff'
import { WS_CLOSE_UNAUTHORIZED } from '@shared/close-codes'
import { StudioError } from '@shared/errors'
import type { StudioEvent, StudioEventType } from '@shared/events'
import { parseServerMessage, type ClientMessage } from '@shared/wire'

/** What this client needs of a WebSocket: the browser's, or `ws` in Node tests. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open', listener: () => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  addEventListener(type: 'error', listener: () => void): void
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorized' | 'closed'

export interface WebSocketClientOptions {
  url: string
  /** Opens a socket; defaults to the browser's WebSocket. */
  connect?: (url: string) => SocketLike
  /** Delay before the n-th reconnect attempt (default: 0.5 s doubling up to 10 s). */
  reconnectDelayMs?: (attempt: number) => number
}


const OPEN = 1
/** 0.5 s, doubling up to 10 s; the page keeps trying as long as it is open. */
const RECONNECT_BACKOFF: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: 500, maxDelayMs: 10_000 }

type Listener = (event: StudioEvent) => void
interface Pending {
  resolve: (value: unknown) => void
  reject: (error: StudioError) => void
  /** Written to a socket: if that socket drops, nobody knows whether the command ran. */
  sent: boolean
}

export class WebSocketStudioClient implements StudioClient {
  private socket: SocketLike | undefined
  private nextId = 1
  private attempt = 0
  private stopped = false
  private connectionState: ConnectionState = 'connecting'
  private readonly pending = new Map<number, Pending>()
  /** Calls made while no socket was open, in order; sent on the next open. */
  private readonly outbox: Array<{ id: number; frame: string }> = []
  private readonly listeners = new Map<StudioEventType, Set<Listener>>()
  private readonly stateListeners = new Set<(state: ConnectionState) => void>()
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined

  constructor(private readonly options: WebSocketClientOptions) {
    this.open()
  }

  get state(): ConnectionState {
    return this.connectionState
  }

  invoke<N extends CommandName>(name: N, ...input: undefined extends CommandInput<N> ? [CommandInput<N>?] : [CommandInput<N>]): Promise<CommandResult<N>> {
    if (this.stopped) return Promise.reject(new StudioError('DISCONNECTED', 'The connection to the studio is closed.'))
    if (this.connectionState === 'unauthorized') return Promise.reject(unauthorized())
    const id = this.nextId++
    return new Promise<CommandResult<N>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, sent: false })
      this.sendCall(id, JSON.stringify({ kind: 'invoke', id, name, input: input[0] } satisfies ClientMessage))
    })
  }

  on<T extends StudioEventType>(type: T, listener: (event: Extract<StudioEvent, { type: T }>) => void): () => void {
    let set = this.listeners.get(type)
    const isNewType = !set
    if (!set) {
      set = new Set()
      this.listeners.set(type, set)
    }
    const wrapped = listener as Listener
    set.add(wrapped)
    if (isNewType) this.sendSubscriptions()
    return () => {
      const current = this.listeners.get(type)
      if (!current?.delete(wrapped) || current.size) return
      this.listeners.delete(type)
      this.sendSubscriptions()
    }
  }

  /** Connection changes, for a "reconnecting…" banner; returns its own unsubscribe. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener)
    return () => {
      this.stateListeners.delete(listener)
    }
  }

  close(): void {
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    this.socket?.close(1000, 'closed by the page')
    this.failPending(new StudioError('DISCONNECTED', 'The connection to the studio is closed.'))
    this.setState('closed')
  }

  private open(): void {
    const connect = this.options.connect ?? ((url: string) => new WebSocket(url) as SocketLike)
    const socket = connect(this.options.url)
    this.socket = socket
    socket.addEventListener('open', () => {
      this.attempt = 0
      this.setState('open')
      this.sendSubscriptions()
      for (const { id, frame } of this.outbox.splice(0)) this.sendCall(id, frame)
    })
    socket.addEventListener('message', (event) => this.receive(event.data))
    socket.addEventListener('close', (event) => this.closed(socket, event.code))
    // An error is always followed by close, which does the work.
    socket.addEventListener('error', () => undefined)
  }

  private closed(socket: SocketLike, code: number): void {
    if (socket !== this.socket) return
    this.socket = undefined
    if (code === WS_CLOSE_UNAUTHORIZED) {
      this.stopped = true
      this.failPending(unauthorized())
      this.setState('unauthorized')
      return
    }
    // Commands already sent may or may not have run: the caller decides whether to ask again.
    // Those not sent yet wait for the next connection.
    this.failPending(new StudioError('DISCONNECTED', 'The connection to the studio dropped before it answered. Check the job list before trying again.'), true)
    if (this.stopped) return
    this.setState('reconnecting')
    const delay = this.options.reconnectDelayMs?.(this.attempt) ?? backoffDelayMs(this.attempt + 1, RECONNECT_BACKOFF)
    this.attempt++
    this.reconnectTimer = setTimeout(() => this.open(), delay)
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return
    const message = parseServerMessage(data)
    if (!message) return
    if (message.kind === 'event') {
      for (const listener of [...(this.listeners.get(message.event.type) ?? [])]) {
        try {
          listener(message.event)
        } catch (error) {
          // A broken listener must not silence the others; the page's console still hears of it.
          console.error(error)
        }
      }
      return
    }
    if (message.kind === 'outcome') {
      const waiting = this.pending.get(message.id)
      if (!waiting) return
      this.pending.delete(message.id)
      const { outcome } = message
      if (outcome.ok) waiting.resolve(outcome.value)
      else waiting.reject(new StudioError(outcome.error.code, outcome.error.message))
    }
  }

  private sendCall(id: number, frame: string): void {
    const waiting = this.pending.get(id)
    if (!waiting) return
    if (this.socket?.readyState !== OPEN) return void this.outbox.push({ id, frame })
    waiting.sent = true
    this.socket.send(frame)
  }

  /** Subscriptions are sent again on every open; there is no need to hold them meanwhile. */
  private sendSubscriptions(): void {
    if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ kind: 'subscribe', types: [...this.listeners.keys()] } satisfies ClientMessage))
  }

  private failPending(error: StudioError, onlySent = false): void {
    for (const [id, waiting] of [...this.pending]) {
      if (onlySent && !waiting.sent) continue
      this.pending.delete(id)
      waiting.reject(error)
    }
    // A call rejected here must never run later.
    const kept = this.outbox.filter(({ id }) => this.pending.has(id))
    this.outbox.splice(0, this.outbox.length, ...kept)
  }

  private setState(state: ConnectionState): void {
    if (state === this.connectionState) return
    this.connectionState = state
    for (const listener of [...this.stateListeners]) listener(state)
  }
}

function unauthorized(): StudioError {
  return new StudioError('UNAUTHORIZED', 'The studio refused this page: open it again with the link `hls-studio serve` printed (it carries the token).')
}

/** `ws://host/api/ws` of the page's own server. */
export function studioSocketUrl(location: { protocol: string; host: string }, path: string): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`
}
