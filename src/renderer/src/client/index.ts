/**
 * The one way the renderer reaches the studio. In the desktop app the preload's IPC client
 * is there; in a browser the page talks to `serve` over its WebSocket. Stores take whichever
 * `createStudioClient()` returns and never ask which it is.
 */
import type { StudioClient } from '@shared/contract'
import { WS_PATH } from '@shared/wire'
import { desktopApi, electronStudioClient } from './electron-client'
import { studioSocketUrl, WebSocketStudioClient } from './ws-client'

export type { ConnectionState } from './ws-client'
export { WebSocketStudioClient } from './ws-client'
export { uploadFile, type UploadOptions, type UploadProgress } from './upload'

export interface StudioConnection {
  client: StudioClient
  transport: 'ipc' | 'websocket'
  /** Only for the WebSocket: connection changes for a "reconnecting…" banner. */
  socket?: WebSocketStudioClient
}

export function createStudioConnection(location: { protocol: string; host: string } = window.location): StudioConnection {
  const api = desktopApi()
  if (api) return { client: electronStudioClient(api), transport: 'ipc' }
  const socket = new WebSocketStudioClient({ url: studioSocketUrl(location, WS_PATH) })
  return { client: socket, transport: 'websocket', socket }
}

export function createStudioClient(): StudioClient {
  return createStudioConnection().client
}

/** In the desktop app: the path of a dropped file. In a browser: undefined (upload it instead). */
export function pathOfDroppedFile(file: File): string | undefined {
  const path = desktopApi()?.pathForFile(file)
  return path ? path : undefined
}
