import type { Command } from 'commander'
import type { PublishProgress } from '../../engine/storage/publisher'
import { dataDirOf, type CliContext, type GlobalOptions } from '../context'
import { formatBytes, progressBar } from '../format'

/** Progress on one line: redrawn in place on a terminal, a line every few percent otherwise. */
function progressPrinter(ctx: CliContext, json: boolean): (p: PublishProgress) => void {
  let lastShown = -1
  return (p) => {
    const percent = p.totalBytes > 0 ? (p.transferredBytes / p.totalBytes) * 100 : 0
    if (json) {
      if (Math.floor(percent) === lastShown) return
      lastShown = Math.floor(percent)
      ctx.streams.stdout.write(`${JSON.stringify({ type: 'publish-progress', percent: Number(percent.toFixed(1)), ...p })}\n`)
      return
    }
    const line = `uploading  ${progressBar(percent)} ${percent.toFixed(1).padStart(5)}%  ${p.completedSegments}/${p.totalSegments} segments  ${formatBytes(p.transferredBytes)} of ${formatBytes(p.totalBytes)}`
    const tty = 'isTTY' in ctx.streams.stderr && (ctx.streams.stderr as { isTTY?: boolean }).isTTY
    if (tty) ctx.streams.stderr.write(`\r${line}`)
    else if (Math.floor(percent / 10) !== lastShown) {
      lastShown = Math.floor(percent / 10)
      ctx.streams.stderr.write(`${line}\n`)
    }
  }
}

export function registerPublish(program: Command, ctx: CliContext): void {
  program
    .command('publish')
    .description('upload an encoded job to a storage target, verify it, print its URL, and record it on the job')
    .argument('<job>', 'a job id (see `hls-studio jobs`) or a package folder holding job.json')
    .requiredOption('--upload <target>', 'the storage target to publish to (see `hls-studio targets list`)')
    .option('--json', 'one JSON object per line: publish-progress, then published')
    .action(async (ref: string, options: { upload: string; json?: boolean }, command: Command) => {
      // Loaded here, not at start-up: `hls-studio --help` should not pay for the AWS SDK.
      const { publishFromCli } = await import('./publish-run')
      const dataDir = dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx)
      const { published: location, recordedOn, jobId } = await publishFromCli(ctx, {
        ref,
        dataDir,
        targetName: options.upload,
        onProgress: progressPrinter(ctx, Boolean(options.json)),
        onLog: (line, level) => {
          if (!options.json && level !== 'info') ctx.streams.stderr.write(`\n${level}: ${line}\n`)
        }
      })
      if (options.json) {
        ctx.streams.stdout.write(`${JSON.stringify({ type: 'published', jobId, recorded: Boolean(recordedOn), ...location })}\n`)
        return
      }
      ctx.streams.stderr.write('\n')
      ctx.streams.stdout.write(
        [
          `published  ${location.objectCount} objects (${formatBytes(location.bytes)}) to "${location.target}" under ${location.keyPrefix}/, verified`,
          `master     ${location.masterPlaylistUrl}`,
          location.publicUrl ? `public     ${location.publicUrl}` : 'private    play it with `hls-studio share <job> --expires 7d`',
          recordedOn ? `recorded   on job ${recordedOn} (see \`hls-studio jobs\`)` : 'not recorded: no job of this data dir owns this package'
        ].join('\n') + '\n'
      )
    })
}
