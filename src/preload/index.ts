import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('studio', { version: 1 })
