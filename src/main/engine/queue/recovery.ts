import { stat } from 'node:fs/promises'
import { ACTIVE_STATUSES, type Job } from '@shared/job'
import type { JobRecorder } from './job-recorder'
import type { JobWork } from './job-work'

export interface RecoveryReport {
  /** Jobs found in the middle of a stage and put back in the queue. */
  requeued: string[]
  /** Completed jobs whose package has gone from disk: no longer reported as completed. */
  lostOutputs: string[]
}

async function fileExists(path: string | undefined): Promise<boolean> {
  return path ? stat(path).then((s) => s.isFile(), () => false) : false
}

/**
 * Runs once when a studio opens its store, before the scheduler starts: whatever the last
 * process was doing when it stopped (quit, crash, SIGKILL, power cut) is made honest again.
 *
 * - A job caught mid-download keeps its partial file (the download resumes with Range).
 * - A job caught mid-encode loses its half-written package and encodes again, except the
 *   checked chunks of a long video (chunks/done.json), which the next encode skips.
 * - A job caught mid-upload keeps its finished local package and uploads again; objects
 *   already in the bucket are skipped by the publisher.
 * - A completed job whose package is gone from disk (and was never published) is failed,
 *   so nothing is ever reported completed with a missing file.
 */
export async function recoverJobs(jobs: readonly Job[], recorder: JobRecorder, work: JobWork): Promise<RecoveryReport> {
  const report: RecoveryReport = { requeued: [], lostOutputs: [] }
  for (const job of jobs) {
    if (ACTIVE_STATUSES.has(job.status)) {
      const keepPackage = job.status === 'UPLOADING' && (await work.outputIntact(job))
      if (!keepPackage) await work.discardOutput(job, { keepCheckpoints: job.status === 'ENCODING' })
      const keepDownload = await fileExists(job.downloadedPath)
      recorder.log(job.id, `the studio stopped while this job was ${job.status.toLowerCase()}; queued again`, 'warn')
      await recorder.transition(job.id, 'QUEUED', {
        outputs: keepPackage ? job.outputs : undefined,
        downloadedPath: keepDownload ? job.downloadedPath : undefined,
        progress: { percent: 0, stage: 'QUEUED' }
      })
      report.requeued.push(job.id)
      continue
    }
    if (job.status === 'QUEUED') {
      // Waiting between lanes when the process stopped: trust nothing that is not on disk.
      const outputs = job.outputs && (await work.outputIntact(job)) ? job.outputs : undefined
      const downloadedPath = (await fileExists(job.downloadedPath)) ? job.downloadedPath : undefined
      if (outputs !== job.outputs || downloadedPath !== job.downloadedPath) {
        if (!outputs) await work.discardOutput(job)
        await recorder.patch([{ id: job.id, patch: { outputs, downloadedPath } }])
      }
      continue
    }
    if (job.status === 'COMPLETED' && !job.outputs?.published && !(await work.outputIntact(job))) {
      await recorder.transition(job.id, 'FAILED', {
        error: {
          code: 'FILE_NOT_FOUND',
          message: `The package of this job is no longer on disk (${job.outputs?.dir ?? 'no folder recorded'}). Retry the job to encode it again.`
        }
      })
      report.lostOutputs.push(job.id)
    }
  }
  return report
}
