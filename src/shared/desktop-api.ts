import type { StudioClient } from './contract'

/**
 * `window.studio` in the desktop app, as the preload exposes it: the typed StudioClient and
 * the one thing only a desktop can do with a dropped file. Nothing else crosses the bridge.
 */
export interface DesktopStudioApi extends StudioClient {
  /** The path on disk of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: Blob): string
}
