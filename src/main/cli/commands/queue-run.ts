import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { StudioError } from '@shared/errors'
import type { StudioEvent } from '@shared/events'
import { isFinal, type Job } from '@shared/job'
import { sendControlRequest } from '../../engine/queue/control-inbox'
import { readStudioSnapshot } from '../../engine/queue/snapshot'
import { openStudio, type Studio } from '../../engine/studio'
import type { ChunkRunner } from '../../engine/chunks/chunk-runner'
import { redactUrl } from '../../engine/sources/url-source'
import { dataDirOf, type CliContext, type GlobalOptions } from '../context'
import { cliLogOf } from '../stderr-log'
import type { JobRef, Reporter, Summary } from '../reporter'

/** Opens the studio on the command line's data dir, saying what recovery found. */
export async function openCliStudio(globals: GlobalOptions, ctx: CliContext, purpose: string, chunkRunner?: ChunkRunner): Promise<Studio> {
  const studio = await openStudio({
    chunkRunner,
    dataDir: dataDirOf(globals, ctx),
    binaries: { ffmpeg: globals.ffmpeg, ffprobe: globals.ffprobe },
    env: ctx.env,
    cwd: ctx.cwd,
    purpose,
    log: cliLogOf(globals, ctx)
  })
  for (const notice of studio.report.notices) ctx.streams.stderr.write(`warning: ${notice.message}\n`)
  const { requeued, lostOutputs } = studio.report.recovery
  if (requeued.length) ctx.streams.stderr.write(`note: ${requeued.length} job(s) interrupted by an earlier stop were queued again.\n`)
  if (lostOutputs.length) ctx.streams.stderr.write(`note: ${lostOutputs.length} completed job(s) lost their package on disk and are now marked failed.\n`)
  return studio
}

export function jobRef(job: Job): JobRef {
  return { jobId: job.id, title: job.title, slug: job.slug, source: job.source.kind === 'file' ? job.source.path : redactUrl(job.source.url) }
}

/**
 * Tells the reporter what happens to the jobs `inScope` accepts, and counts how they end.
 * Returns the counts and the unsubscribe.
 */
export function reportJobs(studio: Studio, reporter: Reporter, ctx: CliContext, inScope: (jobId: string) => boolean): { summary: Summary; stop: () => void } {
  const summary: Summary = { completed: 0, failed: 0, cancelled: 0, skipped: 0 }
  const onEvent = (event: StudioEvent): void => {
    if (!('job' in event) || !inScope(event.job.id)) return
    const { job } = event
    const ref = jobRef(job)
    if (event.type === 'job-completed') {
      summary.completed++
      const outputs = job.outputs!
      reporter.completed(ref, {
        masterPlaylist: outputs.masterPlaylist,
        outputDir: outputs.dir,
        totalBytes: outputs.totalBytes,
        variants: outputs.variants,
        warnings: job.warnings,
        masterPlaylistUrl: outputs.published?.masterPlaylistUrl,
        download: outputs.download,
        downloadUrl: outputs.published?.downloadUrl
      })
    } else if (event.type === 'job-failed') {
      summary.failed++
      reporter.failed(ref, job.error ?? { code: 'INTERNAL', message: 'Failed.' })
    } else if (event.type === 'job-cancelled') {
      summary.cancelled++
      reporter.cancelled(ref)
    } else if (event.type === 'job-updated') {
      if (job.status !== 'QUEUED') reporter.progress(ref, job.progress)
      else if (job.retryAt && job.error) {
        ctx.streams.stderr.write(`retry    ${job.title}: ${job.error.message} (trying again at ${job.retryAt})\n`)
      }
    }
  }
  return { summary, stop: studio.subscribe(onEvent) }
}

/**
 * Runs the studio until the accepted jobs are done, or until Ctrl-C: then ffmpeg is
 * stopped, the jobs stay queued on disk, and they count as cancelled in the summary.
 */
export async function runUntilIdle(studio: Studio, ctx: CliContext, accept?: (job: Job) => boolean): Promise<{ interrupted: Job[] }> {
  const onAbort = (): void => void studio.shutdown()
  ctx.signal.addEventListener('abort', onAbort, { once: true })
  try {
    if (!ctx.signal.aborted) {
      studio.start({ accept, watchFolders: false })
      await Promise.race([studio.whenIdle(), new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }))])
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort)
    await studio.shutdown()
  }
  const interrupted = studio.jobs.list().filter((j) => (accept ? accept(j) : true) && !isFinal(j.status))
  return { interrupted }
}

/**
 * Runs until the accepted jobs are done (see runUntilIdle) and reports the ones a Ctrl-C
 * left unfinished as cancelled, with how to continue them.
 */
export async function runAndReport(
  studio: Studio,
  ctx: CliContext,
  reporter: Reporter,
  summary: Summary,
  accept?: (job: Job) => boolean
): Promise<void> {
  const { interrupted } = await runUntilIdle(studio, ctx, accept)
  for (const job of interrupted) reporter.cancelled(jobRef(job))
  summary.cancelled += interrupted.length
  if (interrupted.length) ctx.streams.stderr.write('Stopped. Unfinished jobs stay queued: `hls-studio resume` continues them.\n')
}

/** 0 when every job completed, 1 when any failed or was cancelled. */
export function exitCodeFor(summary: Summary): number {
  return summary.failed > 0 || summary.cancelled > 0 ? 1 : 0
}

/** Accepts a whole job id or an unambiguous start of one, as `git` does with commits. */
export function resolveJobId(jobs: readonly Job[], text: string): string {
  const exact = jobs.find((j) => j.id === text)
  if (exact) return exact.id
  const matches = jobs.filter((j) => j.id.startsWith(text) || j.id.startsWith(`job-${text}`))
  if (matches.length === 1) return matches[0]!.id
  if (matches.length > 1) throw new StudioError('INVALID_INPUT', `${text} matches ${matches.length} jobs; give more of the id.`)
  throw new StudioError('NOT_FOUND', `No job ${text}. List jobs with \`hls-studio jobs\`.`)
}

/** Opens the studio, or returns undefined when another process holds the data dir. */
export async function openUnlessHeld(globals: GlobalOptions, ctx: CliContext, purpose: string): Promise<Studio | undefined> {
  try {
    return await openCliStudio(globals, ctx, purpose)
  } catch (error) {
    if (error instanceof StudioError && error.code === 'STORE_LOCKED') return undefined
    throw error
  }
}

/**
 * Asks the process holding the data dir to cancel or retry a job, and waits (up to
 * `waitMs`) until the job list on disk shows it happened.
 */
export async function askHolder(
  globals: GlobalOptions,
  ctx: CliContext,
  action: 'cancel' | 'retry',
  idText: string,
  waitMs = 30_000
): Promise<Job | undefined> {
  const dataDir = dataDirOf(globals, ctx)
  const before = await readStudioSnapshot(dataDir)
  const jobId = resolveJobId(before.jobs, idText)
  const was = before.jobs.find((j) => j.id === jobId)!
  await sendControlRequest(join(dataDir, 'control'), { action, jobId })
  const who = before.holder ? `${before.holder.purpose} (process ${before.holder.pid})` : 'the running studio'
  ctx.streams.stderr.write(`asked ${who} to ${action} ${jobId}\n`)
  const done = (job: Job | undefined): boolean => (action === 'cancel' ? Boolean(job && isFinal(job.status)) : Boolean(job && job.updatedAt !== was.updatedAt))
  for (let waited = 0; waited < waitMs && !ctx.signal.aborted; waited += 250) {
    const job = (await readStudioSnapshot(dataDir)).jobs.find((j) => j.id === jobId)
    if (done(job)) return job
    await sleep(250)
  }
  return undefined
}
