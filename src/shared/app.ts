import { z } from 'zod'
import type { PublishedLocation, VariantSummary } from './job'
import { encodeSettingsSchema } from './settings'

/** Where the engine runs and what it found: shown in Settings and the first-run screen. */
export interface AppInfo {
  version: string
  mode: 'desktop' | 'server'
  platform: string
  dataDir: string
  outputDir: string
  /** `problem` says in plain words why ffmpeg cannot be used (then path and version may be empty). */
  ffmpeg: { path: string; source: 'explicit' | 'env' | 'bundled'; version: string; problem?: string }
  ffprobe: { path: string; source: 'explicit' | 'env' | 'bundled' }
  /** How target credentials are kept: OS-encrypted (safeStorage) or a 0600 file. */
  secretStorage: 'os-encrypted' | 'file-0600' | 'env'
  /** A sentence for the UI when secrets are not encrypted at rest (e.g. Linux without a keyring). */
  secretStorageNote?: string
  /** Why Settings cannot change ffmpeg here (serve: it is chosen on the command line); absent: they can. */
  ffmpegLockedReason?: string
  /** In a browser against `serve`, drops upload files; in Electron they pass paths. */
  canUseLocalPaths: boolean
}

export const ffmpegChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('bundled') }),
  z.object({ mode: z.literal('system') }),
  z.object({ mode: z.literal('custom'), ffmpegPath: z.string().min(1), ffprobePath: z.string().min(1) })
])
export type FfmpegChoice = z.infer<typeof ffmpegChoiceSchema>

/** What a person can change in Settings; persisted in the data dir. */
export const studioSettingsSchema = z.object({
  outputDir: z.string().min(1),
  /** Encodes at once; one encode already fills every core. */
  concurrency: z.number().int().min(1).max(8),
  encode: encodeSettingsSchema,
  ffmpeg: ffmpegChoiceSchema,
  /** Target new jobs publish to, if any. */
  defaultTarget: z.string().min(1).optional(),
  /** Settings → Workers: the coordinator's Redis, without its password (that is in the secret store). */
  redisUrl: z.string().min(1).optional()
})
export type StudioSettings = z.infer<typeof studioSettingsSchema>
/** A change to Settings: the fields given replace the current ones; `defaultTarget: null` clears it. */
/** The Redis URL is changed only through workers.saveRedis, which keeps its password out of Settings. */
export const studioSettingsPatchSchema = studioSettingsSchema.omit({ redisUrl: true }).partial().extend({ defaultTarget: z.string().min(1).nullable().optional() })
export type StudioSettingsPatch = z.infer<typeof studioSettingsPatchSchema>

/** A finished package, local or published, as the Library shows it. */
export interface LibraryItem {
  jobId: string
  slug: string
  title: string
  kind: 'video' | 'audio'
  createdAt: string
  durationSeconds: number
  /**
   * Present while the package is on this machine. `baseUrl` is the package folder as the
   * player and <img> can load it (the media protocol in Electron, the media route of `serve`);
   * `masterPlaylist` and the thumbnails are paths relative to it.
   */
  local?: { dir: string; baseUrl: string; masterPlaylist: string; totalBytes: number }
  published?: PublishedLocation
  /** Target visibility, to decide between a public URL and a share link. */
  visibility?: 'public' | 'private'
  variants: VariantSummary[]
  /** Paths inside the package (relative to local.baseUrl), when the images exist. */
  thumbnails: { poster?: string; grid?: string; storyboardVtt?: string; waveform?: string; spectrogram?: string }
  hasSubtitles: boolean
  /** The MP4 download's path inside the package (`download/<slug>.mp4`), when the job made one. */
  download?: string
}

export interface LibraryCollection {
  slug: string
  title: string
  items: LibraryItem[]
}

/** A URL the embedded player can load, with what it needs to know about it. */
export interface PlaybackSource {
  url: string
  origin: 'local' | 'public' | 'proxy' | 'share'
  /** Base URL of the package folder, for thumbnails and the storyboard. */
  baseUrl: string
  expiresAt?: string
}

export interface EncoderStatus {
  name: string
  kind: 'software' | 'hardware'
  /** e.g. h264, hevc */
  codec: string
  /** e.g. "NVIDIA NVENC", "x264 (CPU)" */
  vendor: string
  /** A real test encode succeeded on this machine. */
  usable: boolean
  /** ffmpeg's own words when the test encode failed. */
  reason?: string
  /** Why `auto` passes over it even when it works. */
  autoNote?: string
}

export interface EncoderReport {
  ffmpegPath: string
  ffmpegVersion: string
  /** What `auto` resolves to on this machine ('none' when no encoder works). */
  autoChoice: string
  encoders: EncoderStatus[]
  testedAt: string
}
