import type { Command } from 'commander'
import type { EncoderReport, EncoderStatus } from '../../engine/media/hardware/encoder-report'
import { toolkitFor, type CliContext, type GlobalOptions } from '../context'

function statusLine(status: EncoderStatus): string {
  const name = status.name.padEnd(18)
  if (!status.usable) return `${name} unusable  listed, but ${status.reason ?? 'the test encode failed'}`
  const note = status.kind === 'hardware' && !status.autoEligible && status.autoNote ? `  (${status.autoNote})` : ''
  return `${name} usable    ${status.vendor}${note}`
}

export function describeEncoderReport(report: EncoderReport): string[] {
  return [
    `ffmpeg   ${report.ffmpegPath}`,
    `version  ${report.ffmpegVersion}`,
    `tested   ${report.checkedAt} with a 10-frame 1280x720 test encode each`,
    '',
    ...report.encoders.map(statusLine),
    '',
    report.auto === 'none' ? 'auto     no working H.264 encoder in this ffmpeg' : `auto     ${report.auto}`
  ]
}

export function registerEncoders(program: Command, ctx: CliContext): void {
  program
    .command('encoders')
    .description('test which video encoders really work on this machine (hardware ones included)')
    .option('--json', 'print the report as JSON')
    .option('--refresh', 'test again instead of using the cached result (after a driver or GPU change)')
    .action(async (options: { json?: boolean; refresh?: boolean }, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const { encoderReportFor } = await import('../../engine/pipeline/video-encoder-choice')
      const toolkit = await toolkitFor(command.optsWithGlobals<GlobalOptions>(), ctx, Boolean(options.refresh))
      const report = await encoderReportFor(toolkit, { refresh: options.refresh, signal: ctx.signal })
      // One line, like every --json output of this CLI.
      ctx.streams.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${describeEncoderReport(report).join('\n')}\n`)
    })
}
