import type { Command } from 'commander'
import { type CliContext, type GlobalOptions } from '../context'
import { DEFAULT_OUTPUT_DIR, outputFolder } from '../output-folder'
import { HumanReporter, JsonReporter, type Reporter } from '../reporter'
import { addEncodeFlags, settingsFromFlags, type EncodeFlags } from '../settings-flags'

interface WatchOptions extends EncodeFlags {
  out?: string
  upload?: string
  ignoreExisting?: boolean
  remove?: boolean
  json?: boolean
}

export function registerWatch(program: Command, ctx: CliContext): void {
  addEncodeFlags(
    program
      .command('watch')
      .description('watch a folder: queue each new file once it stops growing, and encode until Ctrl-C')
      .argument('<folder>', 'the folder to watch (sub-folders included)')
      .option('--out <dir>', `output folder for the packages (default: ./${DEFAULT_OUTPUT_DIR})`)
      .option('--upload <target>', 'publish each package to this storage target after encoding')
      .option('--ignore-existing', 'only take files that arrive from now on')
      .option('--remove', 'stop watching this folder for good, and exit')
      .option('--json', 'one JSON object per line instead of progress bars')
  ).action(async (folder: string, options: WatchOptions, command: Command) => {
    // Loaded on use, not at start-up: `hls-studio --help` stays fast.
    const { jobRef, openCliStudio, reportJobs } = await import('./queue-run')
    const globals = command.optsWithGlobals<GlobalOptions>()
    const outputDir = options.remove ? undefined : outputFolder(options.out, ctx)
    const settings = await settingsFromFlags(options)
    const studio = await openCliStudio(globals, ctx, 'hls-studio watch')
    if (options.remove) {
      await studio.watchFolders.remove(folder)
      await studio.shutdown()
      ctx.streams.stderr.write(`no longer watching ${folder}\n`)
      return
    }
    const reporter: Reporter = options.json ? new JsonReporter(ctx.streams) : new HumanReporter(ctx.streams)
    const { summary, stop } = reportJobs(studio, reporter, ctx, () => true)
    const stopCreated = studio.subscribe((event) => {
      if (event.type === 'job-created') reporter.created(jobRef(event.job))
    })
    try {
      await studio.watchFolders.add({ path: folder, settings, outputDir, target: options.upload, includeExisting: !options.ignoreExisting })
      for (const watched of studio.watchFolders.list()) ctx.streams.stderr.write(`watching ${watched.path} → ${watched.outputDir}\n`)
      ctx.streams.stderr.write('Press Ctrl-C to stop; unfinished jobs stay queued.\n')
      if (studio.jobs.state().paused) await studio.jobs.resume()
      studio.start()
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve()
        ctx.signal.addEventListener('abort', () => resolve(), { once: true })
      })
    } finally {
      await studio.shutdown()
      stop()
      stopCreated()
    }
    reporter.summary(summary)
    ctx.exitCode = summary.failed > 0 ? 1 : 0
  })
}
