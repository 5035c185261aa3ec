import { resolve } from 'node:path'
import type { Command } from 'commander'
import { UsageError, type CliContext, type GlobalOptions } from '../context'
import { HumanReporter, JsonReporter, type Reporter } from '../reporter'
import { DEFAULT_OUTPUT_DIR, outputFolder } from '../output-folder'
import { addEncodeFlags, settingsFromFlags, type EncodeFlags } from '../settings-flags'
import { addCoordinationFlags, openEncodeCoordination, type CoordinationFlags } from '../encode-coordination'

interface EncodeOptions extends EncodeFlags, CoordinationFlags {
  out?: string
  title?: string
  upload?: string
  force?: boolean
  priority?: string
  json?: boolean
}

export function registerEncode(program: Command, ctx: CliContext): void {
  addCoordinationFlags(addEncodeFlags(
    program
      .command('encode')
      .description('turn files, folders or URLs into adaptive-bitrate HLS packages (through the queue)')
      .argument('<inputs...>', 'media files, folders (walked recursively) or http(s) URLs')
      .option('--out <dir>', `output folder; packages land in <out>/<slug>/<jobId> (default: ./${DEFAULT_OUTPUT_DIR})`)
      .option('--title <title>', 'title for every input (default: the file name)')
      .option('--upload <target>', 'publish each package to this storage target after encoding')
      .option('--force', 'queue a new job even if the same input with the same settings is already queued')
      .option('--priority <n>', 'higher runs first, from -100 to 100', '0')
      .option('--json', 'one JSON object per line instead of progress bars')
  )).action(async (inputs: string[], options: EncodeOptions, command: Command) => {
    // Loaded on use, not at start-up: `hls-studio --help` stays fast.
    const { exitCodeFor, jobRef, openCliStudio, reportJobs, runAndReport } = await import('./queue-run')
    const settings = await settingsFromFlags(options)
    const outputDir = outputFolder(options.out, ctx)
    const priority = Number(options.priority ?? 0)
    if (!Number.isInteger(priority) || Math.abs(priority) > 100) throw new UsageError(`--priority takes a whole number from -100 to 100 (got "${options.priority}").`)
    const reporter: Reporter = options.json ? new JsonReporter(ctx.streams) : new HumanReporter(ctx.streams)
    const coordination = await openEncodeCoordination(options, command, ctx)
    const studio = await openCliStudio(command.optsWithGlobals<GlobalOptions>(), ctx, 'hls-studio encode', coordination?.chunkRunner).catch(async (error: unknown) => {
      await coordination?.close()
      throw error
    })
    let mine = new Set<string>()
    let refusedNamed = false
    const { summary, stop } = reportJobs(studio, reporter, ctx, (id) => mine.has(id))
    try {
      await coordination?.start(studio)
      const result = await studio.jobs.add({ sources: inputs, settings, outputDir, title: options.title, target: options.upload, force: options.force, priority })
      for (const skipped of result.skipped) reporter.skipped(skipped.path, skipped.reason)
      summary.skipped = result.skipped.length
      // A file the person named and the studio refused is a failure; a stray file in a folder is not.
      const named = new Set(inputs.map((input) => resolve(ctx.cwd, input)))
      refusedNamed = result.skipped.some((s) => named.has(s.path))
      const jobs = [...result.created, ...result.duplicates]
      mine = new Set(jobs.map((j) => j.id))
      for (const job of jobs) reporter.created(jobRef(job))
      if (studio.jobs.state().paused) {
        ctx.streams.stderr.write('note: the queue was paused; it is resumed for this run.\n')
        await studio.jobs.resume()
      }
      await runAndReport(studio, ctx, reporter, summary, (job) => mine.has(job.id))
    } finally {
      stop()
      await studio.shutdown()
      await coordination?.close()
    }
    reporter.summary(summary)
    ctx.exitCode = refusedNamed ? Math.max(1, exitCodeFor(summary)) : exitCodeFor(summary)
  })
}
