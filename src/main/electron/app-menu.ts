import type { MenuItemConstructorOptions } from 'electron'

export interface MenuActions {
  addFiles(): void
  addFolder(): void
  openOutputFolder(): void
}

/** The application menu: the usual roles plus the studio's own few entries. */
export function appMenuTemplate(actions: MenuActions, platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin'
  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Add Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.addFiles() },
      { label: 'Add Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.addFolder() },
      { type: 'separator' },
      { label: 'Show Output Folder', click: () => actions.openOutputFolder() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' }
    ]
  }
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    fileMenu,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] }
  ]
}
