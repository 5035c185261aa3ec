import type { StudioClient } from '@shared/contract'

/**
 * The one StudioClient the stores talk through: the Electron IPC client or the WebSocket
 * client, set once at start (and by tests). Components never hold a client themselves.
 */
let current: StudioClient | undefined

export function setStudioClient(client: StudioClient | undefined): void {
  current = client
}

export function studio(): StudioClient {
  if (!current) throw new Error('The studio is not connected yet.')
  return current
}
