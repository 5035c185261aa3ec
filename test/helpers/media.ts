/**
 * Test media, generated with the bundled ffmpeg from lavfi sources at test time.
 * No media file is committed to the repository.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { locateMediaBinaries } from '../../src/main/engine/media/binaries'

const run = promisify(execFile)

export const binaries = locateMediaBinaries()
export const FFMPEG = binaries.ffmpeg.path
export const FFPROBE = binaries.ffprobe.path
/** Debian's ffmpeg 5.x, when installed, for checks that both binaries give correct output. */
export const SYSTEM_FFMPEG = '/usr/bin/ffmpeg'
export const SYSTEM_FFPROBE = '/usr/bin/ffprobe'

export interface ClipOptions {
  width?: number
  height?: number
  fps?: number | string
  seconds?: number
  /** Audio channels; 0 for no audio. */
  audioChannels?: number
  /** Video codec: libx264 (default) or libx265. */
  codec?: 'libx264' | 'libx265'
  pixFmt?: string
  /** Container extension, default mp4. */
  ext?: string
  /** Display rotation tag written into the container (mp4/mov). */
  rotate?: number
  /** Sample aspect ratio, e.g. "4:3" for anamorphic sources. */
  sar?: string
  hdr?: boolean
  /** Variable frame rate: drops frames irregularly. */
  vfr?: boolean
  /** lavfi video source; default testsrc2. */
  source?: string
  ffmpeg?: string
}

export async function ffmpeg(args: string[], binary = FFMPEG): Promise<void> {
  await run(binary, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 })
}

export async function makeClip(dir: string, name: string, options: ClipOptions = {}): Promise<string> {
  const width = options.width ?? 320
  const height = options.height ?? 240
  const fps = options.fps ?? 25
  const seconds = options.seconds ?? 4
  const channels = options.audioChannels ?? 2
  const ext = options.ext ?? 'mp4'
  const out = join(dir, `${name}.${ext}`)
  const source = options.source ?? 'testsrc2'
  const args = ['-f', 'lavfi', '-i', `${source}=size=${width}x${height}:rate=${fps}:duration=${seconds}`]
  if (channels > 0) {
    const layout = channels === 6 ? '5.1' : channels === 1 ? 'mono' : 'stereo'
    args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`)
    args.push('-filter_complex', `[1:a]aformat=channel_layouts=${layout}[a]`, '-map', '0:v', '-map', '[a]')
  }
  const vf: string[] = []
  if (options.vfr) vf.push("select='not(eq(mod(n\\,7)\\,3))+not(eq(mod(n\\,11)\\,5))'")
  if (options.sar) vf.push(`setsar=${options.sar}`)
  if (vf.length) args.push('-vf', vf.join(','))
  if (options.vfr) args.push('-vsync', 'vfr')
  const codec = options.codec ?? 'libx264'
  args.push('-c:v', codec, '-preset', 'ultrafast', '-pix_fmt', options.pixFmt ?? 'yuv420p')
  if (codec === 'libx265') args.push('-x265-params', 'log-level=error', '-tag:v', 'hvc1')
  if (options.hdr) args.push('-color_trc', 'smpte2084', '-color_primaries', 'bt2020', '-colorspace', 'bt2020nc')
  if (channels > 0) args.push('-c:a', ext === 'mp3' ? 'libmp3lame' : 'aac', '-b:a', '128k')
  args.push('-shortest', out)
  await ffmpeg(args, options.ffmpeg)
  if (options.rotate !== undefined) {
    const rotated = join(dir, `${name}.rot.${ext}`)
    await ffmpeg(['-i', out, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotate}`, rotated], options.ffmpeg)
    rmSync(out)
    await ffmpeg(['-i', rotated, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotate}`, out], options.ffmpeg)
    rmSync(rotated)
  }
  return out
}

export async function makeAudio(
  dir: string,
  name: string,
  options: { seconds?: number; ext?: string; channels?: number; coverArt?: boolean; noise?: boolean } = {}
): Promise<string> {
  const seconds = options.seconds ?? 4
  const ext = options.ext ?? 'mp3'
  const out = join(dir, `${name}.${ext}`)
  const codec = ext === 'mp3' ? 'libmp3lame' : ext === 'wav' ? 'pcm_s16le' : ext === 'flac' ? 'flac' : 'aac'
  // Noise is as hard to compress as speech or music; a pure tone never reaches the target bitrate.
  const source = options.noise
    ? `anoisesrc=color=pink:amplitude=0.3:sample_rate=44100:duration=${seconds}`
    : `sine=frequency=330:sample_rate=44100:duration=${seconds}`
  const args = ['-f', 'lavfi', '-i', source]
  if (options.coverArt) {
    args.push('-f', 'lavfi', '-i', 'color=c=red:size=64x64:duration=1', '-frames:v', '1')
    args.push('-map', '0:a', '-map', '1:v', '-c:v', 'mjpeg', '-disposition:v', 'attached_pic', '-id3v2_version', '3')
  }
  args.push('-ac', String(options.channels ?? 1), '-c:a', codec, out)
  await ffmpeg(args)
  return out
}

export function tempDir(prefix = 'hls-studio-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

export async function ffprobeJson(file: string, args: string[] = ['-show_streams', '-show_format'], binary = SYSTEM_FFPROBE): Promise<any> {
  const { stdout } = await run(binary, ['-v', 'error', '-print_format', 'json', ...args, file], { maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(stdout)
}

/** Bytes no file signature names and no text decoder accepts: what only ffprobe can call "not media". */
export function seededBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size)
  let x = seed
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    bytes[i] = x >> 16
  }
  return bytes
}
