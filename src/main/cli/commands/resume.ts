import type { Command } from 'commander'
import { isFinal } from '@shared/job'
import type { CliContext, GlobalOptions } from '../context'
import { HumanReporter, JsonReporter, type Reporter } from '../reporter'

export function registerResume(program: Command, ctx: CliContext): void {
  program
    .command('resume')
    .description('run every job that is queued or was interrupted, then exit (also un-pauses the queue)')
    .option('--json', 'one JSON object per line instead of progress bars')
    .action(async (options: { json?: boolean }, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const { exitCodeFor, jobRef, openCliStudio, reportJobs, runAndReport } = await import('./queue-run')
      const reporter: Reporter = options.json ? new JsonReporter(ctx.streams) : new HumanReporter(ctx.streams)
      const studio = await openCliStudio(command.optsWithGlobals<GlobalOptions>(), ctx, 'hls-studio resume')
      // Recovery has already put interrupted jobs back in the queue.
      const pending = new Set(studio.jobs.list().filter((j) => !isFinal(j.status)).map((j) => j.id))
      const { summary, stop } = reportJobs(studio, reporter, ctx, (id) => pending.has(id))
      try {
        if (!pending.size) {
          if (!options.json) ctx.streams.stdout.write('Nothing to resume: every job has ended.\n')
        } else {
          for (const job of studio.jobs.list().filter((j) => pending.has(j.id))) reporter.created(jobRef(job))
          if (studio.jobs.state().paused) await studio.jobs.resume()
          await runAndReport(studio, ctx, reporter, summary)
        }
      } finally {
        stop()
        await studio.shutdown()
      }
      reporter.summary(summary)
      ctx.exitCode = exitCodeFor(summary)
    })
}
