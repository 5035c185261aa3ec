import { dirname, join } from 'node:path'
import { CapabilityCache, type FfmpegCapabilities } from './capabilities'
import { locateMediaBinaries, type BinaryOverrides, type MediaBinaries } from './binaries'

/** The located binaries and what the ffmpeg among them can do: everything an encode needs to start. */
export interface MediaToolkit {
  binaries: MediaBinaries
  capabilities: FfmpegCapabilities
  /** Where hardware encoder proofs are cached (beside the capabilities cache); memory only when absent. */
  encoderCacheFile?: string
}

export const ENCODER_CACHE_NAME = 'ffmpeg-encoders.json'

export interface LoadToolkitOptions {
  overrides?: BinaryOverrides
  /** Where detected capabilities are cached between runs (in the data dir). */
  cacheFile?: string
  refresh?: boolean
  env?: NodeJS.ProcessEnv
}

const caches = new Map<string, CapabilityCache>()

export async function loadMediaToolkit(options: LoadToolkitOptions = {}): Promise<MediaToolkit> {
  const binaries = locateMediaBinaries(options.overrides, options.env)
  const key = options.cacheFile ?? ''
  let cache = caches.get(key)
  if (!cache) {
    cache = new CapabilityCache(options.cacheFile)
    caches.set(key, cache)
  }
  const capabilities = await cache.get(binaries.ffmpeg.path, { refresh: options.refresh })
  const encoderCacheFile = options.cacheFile ? join(dirname(options.cacheFile), ENCODER_CACHE_NAME) : undefined
  return { binaries, capabilities, encoderCacheFile }
}
