import type { Job, JobSource } from '@shared/job'
import type { AddJobsRequest } from '@shared/queue'
import type { SourceCandidate } from '../sources/expand-sources'
import { newJobId, slugForTitle, titleFromPath } from '../sources/naming'
import { fileNameFromUrl } from '../sources/url-source'

export interface NewJobContext {
  request: AddJobsRequest
  outputDir: string
  batchId: string
  position: number
  now: Date
}

function sourceOf(candidate: SourceCandidate): JobSource {
  return candidate.kind === 'file' ? { kind: 'file', path: candidate.path } : { kind: 'url', url: candidate.url }
}

/** A fresh QUEUED job for one source of a drop. */
export function newJob(candidate: SourceCandidate, context: NewJobContext): Job {
  const { request, now } = context
  const name = candidate.kind === 'file' ? candidate.path : fileNameFromUrl(candidate.url)
  const title = request.title ?? titleFromPath(name)
  const at = now.toISOString()
  const job: Job = {
    id: newJobId(),
    batchId: context.batchId,
    slug: slugForTitle(title),
    title,
    source: sourceOf(candidate),
    resourceType: request.settings.type,
    settings: request.settings,
    outputDir: context.outputDir,
    status: 'QUEUED',
    priority: request.priority,
    position: context.position,
    attempts: 0,
    warnings: [],
    createdAt: at,
    updatedAt: at,
    progress: { percent: 0, stage: 'QUEUED' }
  }
  if (request.target) job.target = request.target
  if (candidate.kind === 'file' && candidate.sidecars.length) job.sidecarSubtitles = candidate.sidecars.map((s) => s.path)
  return job
}
