import type { Command } from 'commander'
import type { CliContext, GlobalOptions } from '../context'

export function registerCancel(program: Command, ctx: CliContext): void {
  program
    .command('cancel')
    .description('cancel a job: stops its ffmpeg, download or upload and removes partial output (never the source)')
    .argument('<jobId>', 'the job id, or an unambiguous start of it')
    .action(async (idText: string, _options: unknown, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const { askHolder, openUnlessHeld, resolveJobId } = await import('./queue-run')
      const globals = command.optsWithGlobals<GlobalOptions>()
      const studio = await openUnlessHeld(globals, ctx, 'hls-studio cancel')
      if (!studio) {
        // Another process is running the queue: it owns the job, so ask it.
        const job = await askHolder(globals, ctx, 'cancel', idText)
        if (!job) {
          ctx.streams.stderr.write('error: the running studio did not confirm the cancel in time; check with `hls-studio jobs`.\n')
          ctx.exitCode = 1
          return
        }
        ctx.streams.stdout.write(`${job.status.toLowerCase()}  ${job.title}  (${job.id})\n`)
        return
      }
      try {
        const job = await studio.jobs.cancel(resolveJobId(studio.jobs.list(), idText))
        ctx.streams.stdout.write(`cancelled  ${job.title}  (${job.id})\n`)
      } finally {
        await studio.shutdown()
      }
    })
}
