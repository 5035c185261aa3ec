/**
 * How the contract travels. Both transports carry the same two things: a command call answered
 * by a CommandOutcome, and StudioEvents pushed to whoever subscribed. Only the framing differs.
 */
import type { CommandOutcome } from './contract'
import type { AddJobsResult } from './queue'
import type { StudioEvent, StudioEventType } from './events'
import { STUDIO_EVENT_TYPES } from './events'

/** Electron IPC: one `ipcMain.handle` channel per command, named after it. */
export const IPC_COMMAND_PREFIX = 'studio:command:'
export function ipcCommandChannel(name: string): string {
  return `${IPC_COMMAND_PREFIX}${name}`
}
/** A window asks for events once; the main process then sends every event on IPC_EVENT_CHANNEL. */
export const IPC_SUBSCRIBE_CHANNEL = 'studio:subscribe'
export const IPC_EVENT_CHANNEL = 'studio:event'

/** WebSocket path of `serve`. */
export const WS_PATH = '/api/ws'

/**
 * Browser uploads: `POST /api/uploads?name=<file name>&options=<JSON UploadJobOptions>` with
 * the file as the raw body. The answer is a CommandOutcome<AddJobsResult> as JSON, sent as
 * soon as the last byte is on disk; the encode runs in the background.
 */
export const UPLOAD_PATH = '/api/uploads'
/** POST `{ token }` from the studio's own page: answers with the session cookie (the login link's `#token=` never reaches a server). */
export const SESSION_PATH = '/api/session'
/** Preview of local packages: `<MEDIA_PATH>/<jobId>/<path inside the package>`. */
export const MEDIA_PATH = '/media'
/** Private buckets in serve mode: the engine's loopback playback proxy, relayed. */
export const PLAYBACK_PATH = '/api/playback'

/** Browser → server. */
export type ClientMessage =
  | { kind: 'invoke'; id: number; name: string; input?: unknown }
  /** The event types this socket wants from now on (replaces the previous set). */
  | { kind: 'subscribe'; types: StudioEventType[] }

/** Server → browser. */
export type ServerMessage =
  | { kind: 'outcome'; id: number; outcome: CommandOutcome<unknown> }
  | { kind: 'event'; event: StudioEvent }
  /** The frame could not be read at all (not JSON, no id): nothing to answer to. */
  | { kind: 'protocol-error'; message: string }

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isEventType(value: unknown): value is StudioEventType {
  return typeof value === 'string' && (STUDIO_EVENT_TYPES as readonly string[]).includes(value)
}

/** Reads a browser frame; anything else is a plain-words reason. The command input is checked later, by the dispatcher. */
export function parseClientMessage(text: string): ClientMessage | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: 'A message must be JSON.' }
  }
  if (!isRecord(value)) return { error: 'A message must be a JSON object.' }
  if (value.kind === 'invoke') {
    if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) return { error: 'An invoke message needs a numeric id.' }
    return { kind: 'invoke', id: value.id, name: typeof value.name === 'string' ? value.name : '', input: value.input }
  }
  if (value.kind === 'subscribe') {
    if (!Array.isArray(value.types)) return { error: 'A subscribe message needs a list of event types.' }
    return { kind: 'subscribe', types: value.types.filter(isEventType) }
  }
  return { error: 'Unknown message kind.' }
}

/** Reads a server frame in the browser. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(value)) return undefined
  if (value.kind === 'outcome' && typeof value.id === 'number' && isRecord(value.outcome)) return value as ServerMessage
  if (value.kind === 'event' && isRecord(value.event) && isEventType(value.event.type)) return value as ServerMessage
  if (value.kind === 'protocol-error' && typeof value.message === 'string') return value as ServerMessage
  return undefined
}

/** Reads the answer of an upload; undefined when it is not an outcome (e.g. a proxy's error page). */
export function parseUploadAnswer(text: string): CommandOutcome<AddJobsResult> | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isRecord(value) || typeof value.ok !== 'boolean') return undefined
  if (value.ok) return isRecord(value.value) ? (value as CommandOutcome<AddJobsResult>) : undefined
  return isRecord(value.error) && typeof value.error.code === 'string' && typeof value.error.message === 'string' ? (value as CommandOutcome<AddJobsResult>) : undefined
}
