import type { Job } from '@shared/job'
import { MEDIA_PATH } from '@shared/wire'
import { MASTER_PLAYLIST } from '../../engine/hls/package-files'
import { downloadPathFor } from '../../engine/media/mp4-download-args'
import { API_PREFIX } from './api-route'
import type { ApiJob } from './api-schemas'

/** Relative links a caller follows; made absolute with the base the caller used (absoluteUrls). */
export function jobLinks(jobId: string): Pick<ApiJob, 'statusUrl' | 'jobUrl' | 'eventsUrl'> {
  return {
    statusUrl: `${API_PREFIX}/jobs/${jobId}`,
    jobUrl: `/#/job/${jobId}`,
    eventsUrl: `${API_PREFIX}/events?jobId=${jobId}`
  }
}

/** The master playlist of a finished job: the published copy when there is one, else the local route of serve. */
export function masterPlaylistUrlOf(job: Job): string | undefined {
  if (job.status !== 'COMPLETED' || !job.outputs) return undefined
  const published = job.outputs.published
  return published ? (published.publicUrl ?? published.masterPlaylistUrl) : `${MEDIA_PATH}/${job.id}/${MASTER_PLAYLIST}`
}

/** The MP4 download of a finished job that made one: the published copy, else serve's local route. */
export function downloadUrlOf(job: Job): string | undefined {
  if (job.status !== 'COMPLETED' || !job.outputs?.download) return undefined
  return job.outputs.published?.downloadUrl ?? `${MEDIA_PATH}/${job.id}/${downloadPathFor(job.slug)}`
}

/** The public view of a job, with relative links. */
export function apiJobView(job: Job): ApiJob {
  const { progress } = job
  const view: ApiJob = {
    jobId: job.id,
    slug: job.slug,
    title: job.title,
    jobStatus: job.status,
    resourceType: job.resourceType,
    source: job.source.kind === 'url' ? { kind: 'url', location: job.source.url } : { kind: 'file', location: job.source.path },
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    progress: {
      percent: progress.percent,
      currentVariant: progress.currentVariant,
      variantPercent: progress.variantPercent,
      completedSegments: progress.completedSegments,
      totalSegments: progress.totalSegments,
      fps: progress.fps,
      etaSeconds: progress.etaSeconds
    },
    ...jobLinks(job.id)
  }
  if (job.target) view.target = job.target
  if (job.startedAt) view.startedAt = job.startedAt
  if (job.finishedAt) view.finishedAt = job.finishedAt
  if (job.error) view.error = { code: job.error.code, message: job.error.message }
  const master = masterPlaylistUrlOf(job)
  if (master) view.masterPlaylistUrl = master
  const download = downloadUrlOf(job)
  if (download) view.downloadUrl = download
  return view
}

const URL_FIELD = /^(url|.+Url)$/

/**
 * Turns the root-relative `…Url` fields of an answer into absolute URLs on `base`, the address
 * the caller used: behind a proxy or on a NAS's name, that is the one that works for it.
 */
export function absoluteUrls<T>(value: T, base: string): T {
  if (Array.isArray(value)) return value.map((item: unknown) => absoluteUrls(item, base)) as T
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    out[key] = typeof field === 'string' && URL_FIELD.test(key) && field.startsWith('/') ? `${base}${field}` : absoluteUrls(field, base)
  }
  return out as T
}
