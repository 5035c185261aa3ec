import type { AppInfo, StudioSettings } from '../../src/shared/app'
import { resolveEncodeSettings } from '../../src/shared/settings'

/** What app.info answers for a serve with the bundled ffmpeg, for UI tests that have no engine behind them. */
export function serverAppInfo(overrides: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    mode: 'server',
    platform: 'linux',
    dataDir: '/data',
    outputDir: '/media/out',
    ffmpeg: { path: '/usr/bin/ffmpeg', source: 'bundled', version: '4.1' },
    ffprobe: { path: '/usr/bin/ffprobe', source: 'bundled' },
    secretStorage: 'file-0600',
    canUseLocalPaths: false,
    ...overrides
  }
}

export function defaultStudioSettings(): StudioSettings {
  return { outputDir: '/media/out', concurrency: 1, encode: resolveEncodeSettings(), ffmpeg: { mode: 'bundled' } }
}
