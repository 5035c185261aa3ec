import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { toErrorValue } from '@shared/errors'
import { encodeJob } from '../../engine/pipeline/encode-job'
import { newJobId, slugForTitle, titleFromPath } from '../../engine/sources/naming'
import { walkFolder, type MediaCandidate } from '../../engine/sources/folder-walk'
import { toolkitFor, type CliContext, type GlobalOptions } from '../context'
import { HumanReporter, JsonReporter, type JobRef, type Reporter } from '../reporter'
import { addEncodeFlags, settingsFromFlags, type EncodeFlags } from '../settings-flags'

interface EncodeOptions extends EncodeFlags {
  out: string
  title?: string
  json?: boolean
}

/** Files are taken as given (ffprobe decides); folders are walked and non-media files skipped. */
async function expandInputs(inputs: string[], cwd: string, reporter: Reporter): Promise<{ candidates: MediaCandidate[]; skipped: number }> {
  const candidates: MediaCandidate[] = []
  let skipped = 0
  for (const input of inputs) {
    const path = resolve(cwd, input)
    const info = await stat(path).catch(() => undefined)
    if (info?.isDirectory()) {
      const walk = await walkFolder(path)
      candidates.push(...walk.media)
      for (const s of walk.skipped) reporter.skipped(s.path, s.reason)
      skipped += walk.skipped.length
    } else {
      candidates.push({ path, sidecars: [] })
    }
  }
  return { candidates, skipped }
}

export function registerEncode(program: Command, ctx: CliContext): void {
  addEncodeFlags(
    program
      .command('encode')
      .description('turn files or folders into adaptive-bitrate HLS packages')
      .argument('<inputs...>', 'media files or folders (walked recursively)')
      .requiredOption('--out <dir>', 'output folder; packages land in <out>/<slug>/<jobId>')
      .option('--title <title>', 'title for every input (default: the file name)')
      .option('--json', 'one JSON object per line instead of progress bars')
  ).action(async (inputs: string[], options: EncodeOptions, command: Command) => {
    const settings = settingsFromFlags(options)
    const reporter: Reporter = options.json ? new JsonReporter(ctx.streams) : new HumanReporter(ctx.streams)
    const globals = command.optsWithGlobals<GlobalOptions>()
    const toolkit = await toolkitFor(globals, ctx)
    const outputRoot = resolve(ctx.cwd, options.out)
    const { candidates, skipped } = await expandInputs(inputs, ctx.cwd, reporter)
    const summary = { completed: 0, failed: 0, cancelled: 0, skipped }

    for (const candidate of candidates) {
      const title = options.title ?? titleFromPath(candidate.path)
      const job: JobRef = { jobId: newJobId(), title, slug: slugForTitle(title), source: candidate.path }
      reporter.created(job)
      if (ctx.signal.aborted) {
        summary.cancelled++
        reporter.cancelled(job)
        continue
      }
      try {
        const result = await encodeJob(toolkit, {
          jobId: job.jobId,
          slug: job.slug,
          title,
          inputPath: candidate.path,
          outputRoot,
          settings,
          signal: ctx.signal,
          onProgress: (p) => reporter.progress(job, p)
        })
        summary.completed++
        reporter.completed(job, {
          masterPlaylist: result.outputs.masterPlaylist,
          outputDir: result.outputs.dir,
          totalBytes: result.outputs.totalBytes,
          variants: result.manifest.variants,
          warnings: result.manifest.warnings
        })
      } catch (error) {
        const value = toErrorValue(error)
        if (value.code === 'CANCELLED') {
          summary.cancelled++
          reporter.cancelled(job)
        } else {
          summary.failed++
          reporter.failed(job, value)
        }
      }
    }
    reporter.summary(summary)
    ctx.exitCode = summary.failed > 0 || summary.cancelled > 0 ? 1 : 0
  })
}
