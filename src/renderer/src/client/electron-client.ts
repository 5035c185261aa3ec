import type { CommandName, StudioClient } from '@shared/contract'
import type { DesktopStudioApi } from '@shared/desktop-api'
import { StudioError, type StudioErrorValue } from '@shared/errors'

/** The preload's API, when this page runs inside the desktop app. */
export function desktopApi(): DesktopStudioApi | undefined {
  return (globalThis as { studio?: DesktopStudioApi }).studio
}

function isErrorValue(value: unknown): value is StudioErrorValue {
  return typeof value === 'object' && value !== null && typeof (value as StudioErrorValue).code === 'string' && typeof (value as StudioErrorValue).message === 'string'
}

/**
 * `window.studio`, with one adjustment: the context bridge copies a rejected value as a plain
 * object, so rejections become StudioErrors again here, as the WebSocket client rejects.
 */
export function electronStudioClient(api: DesktopStudioApi): StudioClient {
  return {
    invoke: ((name: CommandName, input?: unknown) =>
      (api.invoke as (n: CommandName, i?: unknown) => Promise<unknown>)(name, input).catch((error: unknown) => {
        throw isErrorValue(error) ? new StudioError(error.code, error.message) : error
      })) as StudioClient['invoke'],
    on: (type, listener) => api.on(type, listener)
  }
}
