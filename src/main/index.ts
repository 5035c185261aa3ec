/** Electron entry. Everything lives in ./electron (the shell) and ./engine (never imports electron). */
import * as electron from 'electron'
import { startDesktopApp } from './electron/desktop-app'

void startDesktopApp(electron)
