import type { Command } from 'commander'
import { encodeSettingsSchema, type EncodeSettings } from '@shared/settings'
import { UsageError } from './context'

/** Encode flags shared by every command that creates jobs (encode, watch, serve defaults). */
export interface EncodeFlags {
  type?: string
  segmentSeconds?: string
  ladder?: string
  segmentFormat?: string
  preset?: string
  encoder?: string
}

export function addEncodeFlags(command: Command): Command {
  return command
    .option('--type <type>', 'auto, video or audio', 'auto')
    .option('--segment-seconds <n>', 'target segment length in seconds', '6')
    .option('--ladder <heights>', 'short-side heights of the video ladder', '1080,720,480,360')
    .option('--segment-format <format>', 'ts or fmp4', 'ts')
    .option('--preset <preset>', 'x264 preset', 'veryfast')
    .option('--encoder <name>', 'auto, libx264 or a hardware encoder', 'auto')
}

function parseLadder(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim().replace(/p$/i, ''))
  if (parts.some((p) => !/^\d+$/.test(p))) {
    throw new UsageError(`--ladder takes heights separated by commas, e.g. 1080,720,480,360 (got "${text}").`)
  }
  return parts.map(Number)
}

/** Flags → validated settings, or a usage error that names the bad flag. */
export function settingsFromFlags(flags: EncodeFlags): EncodeSettings {
  const seconds = flags.segmentSeconds === undefined ? undefined : Number(flags.segmentSeconds)
  if (seconds !== undefined && !Number.isFinite(seconds)) {
    throw new UsageError(`--segment-seconds takes a number (got "${flags.segmentSeconds}").`)
  }
  const result = encodeSettingsSchema.safeParse({
    type: flags.type,
    segmentSeconds: seconds,
    ladder: flags.ladder ? parseLadder(flags.ladder) : undefined,
    segmentFormat: flags.segmentFormat,
    preset: flags.preset,
    encoder: flags.encoder
  })
  if (!result.success) {
    const issue = result.error.issues[0]!
    const flag = `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw new UsageError(`${flag}: ${issue.message.replace(/^Invalid (option|input): /, '')}`)
  }
  return result.data
}
