import type { StudioErrorValue } from './errors'
import type { MediaInfo } from './media'
import type { EncodePlan } from './plan'
import type { EncodeSettings, ResourceType } from './settings'

export const JOB_STATUSES = [
  'QUEUED',
  'DOWNLOADING',
  'PROBING',
  'ENCODING',
  'UPLOADING',
  'COMPLETED',
  'FAILED',
  'CANCELLED'
] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>(['COMPLETED', 'FAILED', 'CANCELLED'])
export const ACTIVE_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>([
  'DOWNLOADING',
  'PROBING',
  'ENCODING',
  'UPLOADING'
])

export type JobSource = { kind: 'file'; path: string } | { kind: 'url'; url: string }

export interface JobProgress {
  /** 0–100 across the whole job. */
  percent: number
  stage: JobStatus
  /** e.g. "720p"; the rung being encoded or the last one to advance. */
  currentVariant?: string
  variantIndex?: number
  variantCount?: number
  variantPercent?: number
  fps?: number
  /** Encode speed as a multiple of real time. */
  speed?: number
  etaSeconds?: number
  /** A long video encoded in chunks: chunks finished and checked, of how many. */
  completedChunks?: number
  totalChunks?: number
  /** One entry per chunk, in order: the job detail's chunk strip. */
  chunkStates?: Array<'done' | 'encoding' | 'waiting' | 'redone'>
  /** Beside chunkStates: the worker that did each chunk, where a queue said (null: here, or not yet). */
  chunkWorkers?: Array<string | null>
  completedSegments?: number
  totalSegments?: number
  transferredBytes?: number
  totalBytes?: number
}

export interface VariantSummary {
  id: string
  kind: 'video' | 'audio'
  playlist: string
  width?: number
  height?: number
  frameRate?: number
  codecs: string
  /**
   * The RFC 8216 peak segment bit rate in bit/s, as BANDWIDTH declares it: for a video variant
   * with an audio group, its own peak plus the largest audio rendition's.
   */
  bandwidth: number
  averageBandwidth: number
  segmentCount: number
  durationSeconds: number
  /** How close the rung looks to the source (engine/quality/); absent when not measured. */
  quality?: RungQuality
}

export const QUALITY_GRADES = ['excellent', 'good', 'visible loss', 'poor'] as const
export type QualityGrade = (typeof QUALITY_GRADES)[number]

/** SSIM and PSNR of a rung against the source, on sampled keyframes at the rung's size. */
export interface RungQuality {
  /** Mean SSIM (All), 0–1. */
  ssim: number
  /** Mean PSNR (average of the planes), in dB. */
  psnrDb: number
  grade: QualityGrade
  /** Frames compared. */
  samples: number
  /** The one scaler both sides went through, e.g. "bicubic". */
  scaler: string
}

/** One rendition of the audio group every video variant references. */
export interface AudioRenditionSummary {
  id: string
  playlist: string
  language: string
  name: string
  isDefault: boolean
  codecs: string
  bandwidth: number
  averageBandwidth: number
  segmentCount: number
  durationSeconds: number
}

export type PackageFileKind = 'master' | 'playlist' | 'segment' | 'init' | 'image' | 'subtitle' | 'manifest' | 'download'

export interface PackageFile {
  /** Path inside the package, with forward slashes. */
  path: string
  bytes: number
  kind: PackageFileKind
}

/** `job.json`: everything needed to understand, verify and publish a package. */
export interface PackageManifest {
  version: 1
  jobId: string
  slug: string
  title: string
  createdAt: string
  source: { path: string; sizeBytes: number }
  probe: MediaInfo
  plan: EncodePlan
  variants: VariantSummary[]
  /** Video packages with sound: the audio group's renditions, one per source track. */
  audioRenditions?: AudioRenditionSummary[]
  masterPlaylist: string
  /** The whole-file MP4 download, when the job asked for one. */
  download?: DownloadSummary
  files: PackageFile[]
  totalBytes: number
  warnings: string[]
}

export interface DownloadSummary {
  /** Inside the package, e.g. `download/my-film.mp4`. */
  path: string
  width: number
  height: number
  bytes: number
  crf: number
  /** Subtitles are drawn into its picture. */
  burnedSubtitles: boolean
}

export interface PublishedLocation {
  target: string
  keyPrefix: string
  masterPlaylistUrl: string
  publicUrl?: string
  /** The MP4 download's URL in the bucket (public targets: one anyone can open). */
  downloadUrl?: string
  uploadedAt: string
  objectCount: number
  bytes: number
}

export interface JobOutputs {
  /** Absolute path of the package folder `<out>/<slug>/<jobId>`. */
  dir: string
  masterPlaylist: string
  manifest: string
  totalBytes: number
  variants: VariantSummary[]
  /** Absolute path of the MP4 download, when the job made one. */
  download?: string
  published?: PublishedLocation
}

export interface Job {
  id: string
  batchId?: string
  slug: string
  title: string
  source: JobSource
  resourceType: ResourceType
  settings: EncodeSettings
  /** Output root; the package lands in `<outputDir>/<slug>/<id>`. */
  outputDir: string
  /** Storage target name to publish to after encoding. */
  target?: string
  status: JobStatus
  /** Higher runs first. */
  priority: number
  /** Manual order among jobs of equal priority: lower runs first. */
  position?: number
  /** Attempts since the job was created or last retried by hand. */
  attempts: number
  /** A transient failure put the job back in the queue; it runs again from this time (ISO). */
  retryAt?: string
  error?: StudioErrorValue
  warnings: string[]
  createdAt: string
  updatedAt: string
  startedAt?: string
  finishedAt?: string
  progress: JobProgress
  probe?: MediaInfo
  plan?: EncodePlan
  outputs?: JobOutputs
  /** Local file the URL source was downloaded to, while it exists. */
  downloadedPath?: string
  /** Sidecar subtitle files found next to the source in a folder batch. */
  sidecarSubtitles?: string[]
}

export function isFinal(status: JobStatus): boolean {
  return FINAL_STATUSES.has(status)
}
