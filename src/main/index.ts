/** Electron entry. Everything lives in ./electron (the shell) and ./engine (never imports electron). */
import { fileURLToPath } from 'node:url'
import * as electron from 'electron'
import { startDesktopApp } from './electron/desktop-app'

// Resolved from this entry file (out/main/index.js), whatever chunk the shell ends up in.
void startDesktopApp(electron, {
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
  rendererFile: fileURLToPath(new URL('../renderer/index.html', import.meta.url))
})
