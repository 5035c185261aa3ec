import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { PublishedLocation } from '@shared/job'
import { readStudioSnapshot } from '../../engine/queue/snapshot'
import type { PublishProgress, PublishRequest } from '../../engine/storage/publisher'
import { locatePackage } from '../../engine/use-cases/locate-package'
import { publishPackage, type PublishPackageResult } from '../../engine/use-cases/publish-package'
import type { CliContext } from '../context'

/** How long `publish` waits for a running studio to write the publication on the job. */
const HOLDER_RECORD_WAIT_MS = 10_000

export interface CliPublishRequest {
  ref: string
  dataDir: string
  targetName: string
  onProgress: (p: PublishProgress) => void
  onLog: NonNullable<PublishRequest['onLog']>
}

/**
 * The command line's publish: the same use case and storage provider as the windows, then
 * the result written on the job: by this process when the data dir is free, or by the
 * process holding it (serve, the app, a watch) through its control inbox.
 */
export async function publishFromCli(ctx: CliContext, request: CliPublishRequest): Promise<PublishPackageResult & { jobId: string }> {
  const { dataDir } = request
  // The storage, and the AWS SDK under it, loads while the job list and job.json are read:
  // the loader's file reads and these overlap instead of following one another.
  const storageModule = import('../../engine/storage/studio-storage')
  storageModule.catch(() => undefined) // awaited below; this only keeps an early failure from going unhandled
  const { jobs } = await readStudioSnapshot(dataDir)
  const located = await locatePackage(request.ref, jobs, { cwd: ctx.cwd, dataDir })
  // The job list is taken before the upload, so no other process can start the job meanwhile;
  // when another process holds it already, that process is asked to write the record.
  // The engine behind the job list is loaded only for a job to record: a package folder needs the storage alone.
  const studio = located.queued ? await (await import('./queue-run')).openUnlessHeld({ dataDir }, ctx, 'hls-studio publish') : undefined
  const storage = (await storageModule).createStudioStorage({ dataDir, env: ctx.env })
  const record = async (jobId: string, published: PublishedLocation): Promise<boolean> => {
    if (!studio) return askHolderToRecord(ctx, dataDir, jobId, published)
    await studio.jobs.recordPublication(jobId, published)
    return true
  }
  try {
    const result = await publishPackage(
      { storage: storage.provider, record },
      { located, targetName: request.targetName, signal: ctx.signal, onProgress: request.onProgress, onLog: request.onLog }
    )
    return { ...result, jobId: located.queued?.id ?? located.local?.manifest.jobId ?? request.ref }
  } finally {
    storage.provider.close()
    await studio?.shutdown()
  }
}

async function askHolderToRecord(ctx: CliContext, dataDir: string, jobId: string, published: PublishedLocation): Promise<boolean> {
  // Loaded only here: it brings the pino-backed log, which a publish of a package folder never needs.
  const { sendControlRequest } = await import('../../engine/queue/control-inbox')
  await sendControlRequest(join(dataDir, 'control'), { action: 'record-publication', jobId, published })
  const deadline = Date.now() + HOLDER_RECORD_WAIT_MS
  while (Date.now() < deadline && !ctx.signal.aborted) {
    const job = (await readStudioSnapshot(dataDir)).jobs.find((j) => j.id === jobId)
    if (job?.outputs?.published?.uploadedAt === published.uploadedAt) return true
    await sleep(200)
  }
  ctx.streams.stderr.write(`warning: the studio using ${dataDir} did not record the publication within ${HOLDER_RECORD_WAIT_MS / 1000} s; the package is published, but \`jobs\` may not show it.\n`)
  return false
}
