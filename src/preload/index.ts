/**
 * Sandboxed preload (built as CommonJS, index.cjs): exposes `window.studio` and nothing else.
 * https://www.electronjs.org/docs/latest/tutorial/context-isolation
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createStudioApi } from './studio-api'

contextBridge.exposeInMainWorld(
  'studio',
  createStudioApi(
    {
      invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
      send: (channel, ...args) => ipcRenderer.send(channel, ...args),
      on: (channel, listener) => void ipcRenderer.on(channel, listener)
    },
    webUtils
  )
)
