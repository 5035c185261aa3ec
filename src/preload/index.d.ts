import type { DesktopStudioApi } from '../shared/desktop-api'

declare global {
  interface Window {
    /** Present in the desktop app only (the preload puts it there); absent in a browser against `serve`. */
    studio?: DesktopStudioApi
  }
}

export {}
