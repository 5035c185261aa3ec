import type { Command } from 'commander'
import type { MediaInfo } from '@shared/media'
import { formatBytes, formatDuration } from '../format'
import { toolkitFor, type CliContext, type GlobalOptions } from '../context'
import { resolve } from 'node:path'

function describe(info: MediaInfo): string[] {
  const lines = [
    `file        ${info.path}`,
    `container   ${info.formatLongName ?? info.container}`,
    `duration    ${formatDuration(info.durationSeconds)} (${info.durationSeconds.toFixed(3)} s)`,
    `size        ${formatBytes(info.sizeBytes)}${info.bitRate ? `, ${Math.round(info.bitRate / 1000)} kbit/s` : ''}`
  ]
  const v = info.video
  if (v) {
    const turned = v.rotation ? `, rotated ${v.rotation}°` : ''
    lines.push(
      `video       ${v.codec}${v.profile ? ` (${v.profile})` : ''} ${v.width}x${v.height} → shown ${v.displayWidth}x${v.displayHeight}${turned}`,
      `            ${v.avgFrameRate.toFixed(3)} fps${v.variableFrameRate ? ' (variable)' : ''}, ${v.pixelFormat}, ${v.bitDepth}-bit${v.hdr ? `, HDR (${v.colorTransfer})` : ''}`
    )
  } else lines.push('video       none')
  const tracks = info.audioStreams ?? (info.audio ? [info.audio] : [])
  for (const a of tracks) {
    const tags = `${a.language ? ` [${a.language}]` : ''}${a.title ? ` ${a.title}` : ''}`
    lines.push(
      `audio       ${a.codec}${a.profile ? ` (${a.profile})` : ''} ${a.channels} ch${a.channelLayout ? ` (${a.channelLayout})` : ''}, ${a.sampleRate} Hz${a.bitRate ? `, ${Math.round(a.bitRate / 1000)} kbit/s` : ''}${tags}`
    )
  }
  if (tracks.length === 0) lines.push('audio       none')
  // Numbered as --burn-track takes them.
  info.subtitles.forEach((s, n) => lines.push(`subtitles   #${n} ${s.codec}${s.language ? ` [${s.language}]` : ''}${s.title ? ` ${s.title}` : ''}${s.isForced ? ' (forced)' : ''}`))
  return lines
}

export function registerProbe(program: Command, ctx: CliContext): void {
  program
    .command('probe')
    .description('show what ffprobe finds in a media file')
    .argument('<file>', 'video or audio file')
    .option('--json', 'print the MediaInfo as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const { probeMedia } = await import('../../engine/media/probe')
      const toolkit = await toolkitFor(command.optsWithGlobals<GlobalOptions>(), ctx)
      const info = await probeMedia(resolve(ctx.cwd, file), {
        ffprobePath: toolkit.binaries.ffprobe.path,
        ffmpegPath: toolkit.binaries.ffmpeg.path,
        signal: ctx.signal
      })
      ctx.streams.stdout.write(options.json ? `${JSON.stringify(info, null, 2)}\n` : `${describe(info).join('\n')}\n`)
    })
}
