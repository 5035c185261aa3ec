import type { Job } from '@shared/job'
import { classifyPackageFile } from '../hls/package-files'
import type { EarlyUpload } from '../storage/early-upload'
import type { Publisher } from '../storage/publisher'
import type { StageContext } from './job-work'

/** One job's upload while it encodes, as the ENCODING stage drives it. */
export interface EarlySegments {
  /** job.json's createdAt: the keys the segments go to depend on it. */
  createdAt: Date
  upload(folder: string): Pick<EarlyUpload, 'add'>
  settle(): Promise<void>
  /** Media segments the bucket has acknowledged so far (init segments are not counted). */
  uploadedSegments(): number
}

/**
 * A job with a target sends the segments of finished chunks while later chunks encode; the
 * UPLOADING stage then sends the rest (playlists and master last) and skips what is there.
 * A target that cannot be reached now is no reason to stop: the upload stage says why. The
 * client is made on the first final segment, so a job that is not chunked opens none.
 */
export function earlySegmentsFor(
  publisher: Publisher | undefined,
  job: Job,
  context: StageContext,
  /** After each media segment the bucket acknowledged: the job row's count moves. */
  onSegmentUploaded?: () => void
): EarlySegments | undefined {
  if (!job.target || !publisher?.startEarlyUpload) return undefined
  const createdAt = new Date()
  const targetName = job.target
  let uploadedSegments = 0
  const onUploaded = (path: string): void => {
    if (classifyPackageFile(path) !== 'segment') return
    uploadedSegments++
    onSegmentUploaded?.()
  }
  let started: Promise<EarlyUpload | undefined> | undefined
  let settled: Promise<void> | undefined
  const upload = (folder: string): Promise<EarlyUpload | undefined> =>
    (started ??= publisher
      .startEarlyUpload!({ job, targetName, createdAt: createdAt.toISOString(), folder, signal: context.signal, onLog: (line, level) => context.log(line, level), onUploaded })
      .catch((error: unknown) => {
        context.log(`Segments are not uploaded while encoding: ${error instanceof Error ? error.message : String(error)}`, 'warn')
        return undefined
      }))
  return {
    createdAt,
    uploadedSegments: () => uploadedSegments,
    upload: (folder) => ({ add: (paths) => void upload(folder).then((u) => u?.add(paths)) }),
    // Before the package folder moves, and again when the encode ends however it ends: said once.
    settle: () =>
      (settled ??= (async () => {
        const result = await (await started)?.settle()
        if (result && result.uploaded + result.failed > 0) {
          context.log(`${result.uploaded} segments uploaded while encoding${result.failed ? `, ${result.failed} left for the upload stage` : ''}.`, 'info')
        }
      })())
  }
}
