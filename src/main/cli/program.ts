import { Command, CommanderError } from 'commander'
import { LOG_LEVELS, type LogLevel } from '@shared/log-levels'
import { failureDescriber } from '../engine/logging/internal-error'
import packageJson from '../../../package.json' with { type: 'json' }
import { registerCancel } from './commands/cancel'
import { registerEncode } from './commands/encode'
import { registerEncoders } from './commands/encoders'
import { registerJobs } from './commands/jobs'
import { registerProbe } from './commands/probe'
import { registerProbeQuality } from './commands/probe-quality'
import { registerPublish } from './commands/publish'
import { registerResume } from './commands/resume'
import { registerRetry } from './commands/retry'
import { registerServe } from './commands/serve'
import { registerShare } from './commands/share'
import { registerTargets } from './commands/targets'
import { registerTokens } from './commands/tokens'
import { registerWatch } from './commands/watch'
import { registerWebhooks } from './commands/webhooks'
import { registerWorker } from './commands/worker'
import { logLevelOf, UsageError, type CliContext, type GlobalOptions } from './context'
import { DEFAULT_CLI_LOG_LEVEL } from './log-defaults'

/** Every command registers itself here; one line per command. */
const COMMANDS: Array<(program: Command, ctx: CliContext) => void> = [
  registerEncode,
  registerProbe,
  registerProbeQuality,
  registerJobs,
  registerResume,
  registerCancel,
  registerRetry,
  registerWatch,
  registerEncoders,
  registerTargets,
  registerPublish,
  registerShare,
  registerServe,
  registerTokens,
  registerWebhooks,
  registerWorker
]

export function createProgram(ctx: CliContext): Command {
  const program = new Command()
    .name('hls-studio')
    .description('Encode media into adaptive-bitrate HLS and publish it to your own bucket.')
    .version(packageJson.version, '-V, --version', 'print the version of hls-studio')
    .option('--data-dir <dir>', 'where jobs, settings and logs live (default: $HLS_STUDIO_DATA or the OS data folder)')
    .option('--ffmpeg <path>', 'ffmpeg to use instead of the bundled one (a path, or "ffmpeg" for the one on PATH)')
    .option('--ffprobe <path>', 'ffprobe to use instead of the bundled one')
    .option('--log-level <level>', `what the studio logs to standard error: ${LOG_LEVELS.join(', ')}`, DEFAULT_CLI_LOG_LEVEL)
    // A mistyped level is a usage error before any command runs, whichever command it is.
    .hook('preAction', (root) => void logLevelOf(root.opts<GlobalOptions>()))
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.streams.stdout.write(text),
      writeErr: (text) => ctx.streams.stderr.write(text)
    })
  for (const register of COMMANDS) register(program, ctx)
  for (const command of program.commands) command.exitOverride()
  return program
}

export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = createProgram(ctx)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return ctx.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; every other commander complaint is a usage error.
      return error.exitCode === 0 ? 0 : 2
    }
    if (error instanceof UsageError) {
      ctx.streams.stderr.write(`error: ${error.message}\n`)
      return 2
    }
    // An internal error is logged with its stack and cause, then named in plain words.
    const { stderrLog } = await import('./stderr-log')
    const log = stderrLog(logLevelOrDefault(program), ctx.streams.stderr)
    ctx.streams.stderr.write(`error: ${failureDescriber(log)(error).message}\n`)
    return 1
  }
}

/** The level asked for, or the default when the flag itself was the mistake. */
function logLevelOrDefault(program: Command): LogLevel {
  try {
    return logLevelOf(program.opts<GlobalOptions>())
  } catch {
    return DEFAULT_CLI_LOG_LEVEL
  }
}
