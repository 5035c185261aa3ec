import type { BrowserWindow, Dialog, Shell } from 'electron'
import type { DesktopActions } from '../engine/contract-handlers'
import { isAllowedExternalUrl } from './navigation-policy'

/** Native pickers and the OS shell, for the contract's desktop-only commands. */
export function desktopActions(dialog: Pick<Dialog, 'showOpenDialog'>, shell: Pick<Shell, 'showItemInFolder' | 'openExternal'>, window: () => BrowserWindow | undefined): DesktopActions {
  return {
    async pickSources(kind) {
      const options = {
        title: kind === 'folder' ? 'Choose folders to encode' : 'Choose media to encode',
        properties: kind === 'folder' ? (['openDirectory', 'multiSelections'] as const) : (['openFile', 'multiSelections'] as const)
      }
      const parent = window()
      const result = parent ? await dialog.showOpenDialog(parent, { ...options, properties: [...options.properties] }) : await dialog.showOpenDialog({ ...options, properties: [...options.properties] })
      return result.canceled ? [] : result.filePaths
    },
    async pickFolder(title) {
      const options = { title: title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> }
      const parent = window()
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async reveal(path) {
      shell.showItemInFolder(path)
    },
    async openExternal(url) {
      if (!isAllowedExternalUrl(url)) return false
      await shell.openExternal(url)
      return true
    }
  }
}
