import type { Job } from '@shared/job'
import type { Lane } from './queue-order'

/** Share of the whole job a download takes, when there is one (0–100). */
const DOWNLOAD_SHARE = 15
/** Share an upload takes, when the job has a target. */
const UPLOAD_SHARE = 15

/** The span of the job's overall percent one lane covers: a download, encode and upload job reads 0–15, 15–85, 85–100. */
export function laneSpan(job: Pick<Job, 'source' | 'target'>, lane: Lane): [number, number] {
  const encodeStart = job.source.kind === 'url' ? DOWNLOAD_SHARE : 0
  const encodeEnd = job.target ? 100 - UPLOAD_SHARE : 100
  if (lane === 'download') return [0, encodeStart]
  if (lane === 'encode') return [encodeStart, encodeEnd]
  return [encodeEnd, 100]
}

export function overallPercent(job: Pick<Job, 'source' | 'target'>, lane: Lane, fraction: number): number {
  const [start, end] = laneSpan(job, lane)
  const clamped = Number.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0
  return start + (end - start) * clamped
}
