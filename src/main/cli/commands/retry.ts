import type { Command } from 'commander'
import type { CliContext, GlobalOptions } from '../context'
import { HumanReporter, JsonReporter, type Reporter } from '../reporter'

interface RetryOptions {
  uploadOnly?: boolean
  queueOnly?: boolean
  json?: boolean
}

export function registerRetry(program: Command, ctx: CliContext): void {
  program
    .command('retry')
    .description('run a failed or cancelled job again, and wait for it')
    .argument('<jobId>', 'the job id, or an unambiguous start of it')
    .option('--upload-only', 'publish the kept local package again without encoding')
    .option('--queue-only', 'put the job back in the queue and return at once')
    .option('--json', 'one JSON object per line instead of progress bars')
    .action(async (idText: string, options: RetryOptions, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const { askHolder, jobRef, openUnlessHeld, reportJobs, resolveJobId, runAndReport, exitCodeFor } = await import('./queue-run')
      const globals = command.optsWithGlobals<GlobalOptions>()
      const studio = await openUnlessHeld(globals, ctx, 'hls-studio retry')
      if (!studio) {
        const job = await askHolder(globals, ctx, 'retry', idText)
        ctx.streams.stdout.write(job ? `queued again  ${job.title}  (${job.id}); the running studio will run it\n` : '')
        if (!job) {
          ctx.streams.stderr.write('error: the running studio did not confirm the retry in time; check with `hls-studio jobs`.\n')
          ctx.exitCode = 1
        }
        return
      }
      const reporter: Reporter = options.json ? new JsonReporter(ctx.streams) : new HumanReporter(ctx.streams)
      let jobId = ''
      const { summary, stop } = reportJobs(studio, reporter, ctx, (id) => id === jobId)
      try {
        jobId = resolveJobId(studio.jobs.list(), idText)
        const job = options.uploadOnly ? await studio.jobs.retryUpload(jobId) : await studio.jobs.retry(jobId)
        reporter.created(jobRef(job))
        if (options.queueOnly) return
        if (studio.jobs.state().paused) await studio.jobs.resume()
        await runAndReport(studio, ctx, reporter, summary, (j) => j.id === jobId)
      } finally {
        stop()
        await studio.shutdown()
      }
      reporter.summary(summary)
      ctx.exitCode = exitCodeFor(summary)
    })
}
