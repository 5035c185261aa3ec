import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_FOLDER = 'hls-studio'

/** The OS's usual per-user data folder for this app. */
export function defaultDataDir(platform = process.platform, env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER)
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), APP_FOLDER)
}

/** Headless order of choice: --data-dir, then $HLS_STUDIO_DATA, then the OS default. */
export function resolveDataDir(flag?: string, env = process.env): string {
  return flag || env.HLS_STUDIO_DATA || defaultDataDir(process.platform, env)
}

export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    store: join(dataDir, 'studio.json'),
    lock: join(dataDir, 'studio.lock'),
    secrets: join(dataDir, 'secrets.json'),
    logs: join(dataDir, 'logs'),
    /** The studio's own log (desktop and serve), rotated by size: studio.log, studio.log.1 … */
    studioLog: join(dataDir, 'studio.log'),
    work: join(dataDir, 'work'),
    capabilities: join(dataDir, 'cache', 'ffmpeg-capabilities.json')
  }
}
