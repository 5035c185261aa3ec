import type { Job, JobProgress, JobSource, JobStatus } from '@shared/job'
import { formatEta } from './time'
import { isAudioFileName } from '@shared/media-files'

export type StatusTone = 'neutral' | 'active' | 'upload' | 'success' | 'danger' | 'muted'

export const STATUS_LABELS: Record<JobStatus, string> = {
  QUEUED: 'Queued',
  DOWNLOADING: 'Downloading',
  PROBING: 'Reading file',
  ENCODING: 'Encoding',
  UPLOADING: 'Uploading',
  COMPLETED: 'Done',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled'
}

/** Honest colours: blue while working, violet while publishing, green only when verified done. */
export const STATUS_TONES: Record<JobStatus, StatusTone> = {
  QUEUED: 'neutral',
  DOWNLOADING: 'active',
  PROBING: 'active',
  ENCODING: 'active',
  UPLOADING: 'upload',
  COMPLETED: 'success',
  FAILED: 'danger',
  CANCELLED: 'muted'
}

export function statusLabel(job: Pick<Job, 'status' | 'retryAt'>): string {
  if (job.status === 'QUEUED' && job.retryAt) return 'Retrying soon'
  return STATUS_LABELS[job.status]
}

/** The file or URL a job came from, shortened to what identifies it. */
export function sourceName(source: JobSource): string {
  if (source.kind === 'url') {
    try {
      const url = new URL(source.url)
      const last = url.pathname.split('/').filter(Boolean).pop()
      return last ? decodeURIComponent(last) : url.host
    } catch {
      return source.url
    }
  }
  return source.path.split(/[\\/]/).filter(Boolean).pop() ?? source.path
}

export function sourceFull(source: JobSource): string {
  return source.kind === 'url' ? source.url : source.path
}

/** "Video", "Audio", or "Auto" before the probe has decided. */
/**
 * What the job is: the plan says once probed; before that, the type asked for, else the file
 * name (`interview.mp3` is audio); undefined when nothing tells yet.
 */
export function mediaKind(job: Pick<Job, 'resourceType' | 'plan' | 'source'>): 'video' | 'audio' | undefined {
  const known = job.plan?.kind ?? (job.resourceType === 'auto' ? undefined : job.resourceType)
  if (known) return known
  if (isAudioFileName(job.source.kind === 'file' ? job.source.path : job.source.url)) return 'audio'
  return undefined
}

export function resourceTypeLabel(job: Pick<Job, 'resourceType' | 'plan' | 'source'>): string {
  const kind = mediaKind(job)
  return kind === 'video' ? 'Video' : kind === 'audio' ? 'Audio' : 'Media'
}

/**
 * "720p · 2 of 4". The engine encodes every rung in one ffmpeg process when it can, and then
 * names them all ("1080p + 720p + 480p + 360p"); that reads as "4 rungs at once · 1080p–360p".
 */
export function rungText(progress: JobProgress): string | undefined {
  const { currentVariant, variantIndex, variantCount, totalChunks } = progress
  // A long video in chunks: every rung of a chunk encodes at once, so the chunk is the news.
  if (totalChunks) {
    // Chunks shared with workers: how far, and how many machines (those that delivered one so far).
    const workers = new Set(progress.chunkWorkers?.filter(Boolean)).size
    if (workers > 0) return `Chunks ${progress.completedChunks ?? 0}/${totalChunks} · ${workers} ${workers === 1 ? 'worker' : 'workers'}`
    const rungs = variantCount ? ` · ${variantCount} ${variantCount === 1 ? 'rung' : 'rungs'} at once` : ''
    return `${chunkText(progress, totalChunks)}${rungs}`
  }
  if (!currentVariant) return undefined
  const together = currentVariant.split(' + ')
  if (together.length > 1) {
    const span = `${together[0]}–${together[together.length - 1]}`
    return variantCount && together.length < variantCount
      ? `${span} · ${together.length} of ${variantCount} rungs`
      : `${together.length} rungs at once · ${span}`
  }
  if (variantIndex && variantCount) return `${currentVariant} · ${variantIndex} of ${variantCount}`
  return currentVariant
}

function chunkText(progress: JobProgress, totalChunks: number): string {
  return `Encoding chunk ${Math.min(totalChunks, (progress.completedChunks ?? 0) + 1)}/${totalChunks}`
}

/**
 * "uploaded 312/1,200 segments": a chunked job with a target sends finished chunks' segments
 * while later chunks encode, counted against every segment the package will hold.
 */
export function uploadWhileEncodingText(progress: JobProgress): string | undefined {
  if (progress.totalSegments === undefined || !progress.totalChunks) return undefined
  const count = (n: number): string => n.toLocaleString('en-US')
  return `uploaded ${count(progress.completedSegments ?? 0)}/${count(progress.totalSegments)} segments`
}

/** "312/1,200 up": the same count where a narrow row has room, beside its percent. */
export function uploadedShortText(progress: JobProgress): string | undefined {
  if (progress.totalSegments === undefined || !progress.totalChunks) return undefined
  return `${(progress.completedSegments ?? 0).toLocaleString('en-US')}/${progress.totalSegments.toLocaleString('en-US')} up`
}

/** "Segments 37 of 120": upload progress counted in files, which is what the bucket holds. */
export function uploadText(progress: JobProgress): string | undefined {
  if (progress.totalSegments === undefined) return undefined
  return `Segments ${progress.completedSegments ?? 0} of ${progress.totalSegments}`
}

/** "48 fps · 1.6×": encode pace, shown only while there is one. */
export function paceText(progress: JobProgress): string | undefined {
  const parts: string[] = []
  if (progress.fps && progress.fps > 0) parts.push(`${Math.round(progress.fps)} fps`)
  if (progress.speed && progress.speed > 0) parts.push(`${progress.speed.toFixed(progress.speed >= 10 ? 0 : 1)}×`)
  return parts.length > 0 ? parts.join(' · ') : undefined
}

/** The line under a job's title: what it is doing right now, in words. */
export function stageDetail(job: Job): string | undefined {
  const p = job.progress
  switch (job.status) {
    case 'QUEUED':
      if (job.retryAt) return `Trying again after a temporary problem${job.error ? `: ${job.error.message}` : ''}`
      if (job.outputs && job.target && !job.outputs.published) return `Encoded · waiting to upload to ${job.target}`
      return job.attempts > 0 ? `Waiting · attempt ${job.attempts + 1}` : 'Waiting for its turn'
    case 'DOWNLOADING':
      return 'Fetching the source'
    case 'PROBING':
      return 'Reading streams and planning the ladder'
    case 'ENCODING': {
      // Both at once, in the room a row has: the chunk, and how much of the package is in the bucket already.
      const uploaded = uploadWhileEncodingText(p)
      if (uploaded && p.totalChunks) return `${chunkText(p, p.totalChunks)} · ${uploaded}`
      return rungText(p) ?? 'Starting ffmpeg'
    }
    case 'UPLOADING':
      return uploadText(p) ?? `Publishing to ${job.target ?? 'the bucket'}`
    case 'COMPLETED':
      return job.outputs?.published ? `Published to ${job.outputs.published.target}` : 'Saved on this computer'
    case 'FAILED':
      return job.error?.message ?? 'Failed without a reason. Open the job to read its log.'
    case 'CANCELLED':
      return 'Cancelled. Retry to run it again.'
  }
}

export function etaText(job: Job): string | undefined {
  if (job.status !== 'ENCODING' && job.status !== 'UPLOADING' && job.status !== 'DOWNLOADING') return undefined
  return formatEta(job.progress.etaSeconds)
}
