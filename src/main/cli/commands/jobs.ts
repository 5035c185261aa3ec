import type { Command } from 'commander'
import type { Job } from '@shared/job'
import type { StudioSnapshot } from '../../engine/queue/snapshot'
import { dataDirOf, type CliContext, type GlobalOptions } from '../context'

function sourceText(job: Job, redactUrl: (url: string) => string): string {
  return job.source.kind === 'file' ? job.source.path : redactUrl(job.source.url)
}

function statusText(job: Job): string {
  if (job.status === 'QUEUED' && job.retryAt) return 'RETRY WAIT'
  return job.status
}

function table(snapshot: StudioSnapshot, redactUrl: (url: string) => string): string[] {
  const lines: string[] = []
  if (snapshot.holder) lines.push(`in use by ${snapshot.holder.purpose} (process ${snapshot.holder.pid}); jobs may be moving`)
  if (snapshot.paused) lines.push('the queue is paused: `hls-studio resume` runs it again')
  if (!snapshot.jobs.length) return [...lines, 'No jobs yet. Add some with `hls-studio encode <files…> --out <dir>`.']
  const batchOf = new Map(snapshot.batches.map((b) => [b.batchId, b]))
  const position = new Map(snapshot.order.map((id, i) => [id, i + 1]))
  const sorted = [...snapshot.jobs].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
  lines.push(`${'ID'.padEnd(41)} ${'STATUS'.padEnd(11)} ${'DONE'.padStart(5)}  ${'BATCH'.padEnd(9)} TITLE`)
  for (const job of sorted) {
    const batch = job.batchId ? batchOf.get(job.batchId) : undefined
    const next = position.get(job.id)
    lines.push(
      `${job.id.padEnd(41)} ${statusText(job).padEnd(11)} ${`${Math.round(job.progress.percent)}%`.padStart(5)}  ${(batch?.summary ?? '').padEnd(9)} ${job.title}${next ? `  (#${next} in line)` : ''}`
    )
    lines.push(`${''.padEnd(41)} ${sourceText(job, redactUrl)}`)
    if (job.error && job.status !== 'COMPLETED') lines.push(`${''.padEnd(41)} ${job.error.message}`)
    if (job.status === 'COMPLETED' && job.outputs) lines.push(`${''.padEnd(41)} → ${job.outputs.published?.masterPlaylistUrl ?? job.outputs.masterPlaylist}`)
  }
  for (const folder of snapshot.watchFolders) lines.push(`watching ${folder.path} → ${folder.outputDir} (${folder.seenCount} files taken)`)
  return lines
}

export function registerJobs(program: Command, ctx: CliContext): void {
  program
    .command('jobs')
    .description('list the jobs in the queue and how they ended')
    .option('--json', 'print { queue, batches, watchFolders, jobs } as one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const [{ readStudioSnapshot }, { redactUrl }] = await Promise.all([import('../../engine/queue/snapshot'), import('../../engine/sources/url-source')])
      const snapshot = await readStudioSnapshot(dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx))
      for (const notice of snapshot.notices) ctx.streams.stderr.write(`warning: ${notice.message}\n`)
      if (options.json) {
        const { jobs, batches, watchFolders, paused, order, holder } = snapshot
        ctx.streams.stdout.write(`${JSON.stringify({ queue: { paused, order, inUseBy: holder ?? null }, batches, watchFolders, jobs })}\n`)
        return
      }
      ctx.streams.stdout.write(`${table(snapshot, redactUrl).join('\n')}\n`)
    })
}
