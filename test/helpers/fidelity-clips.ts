/**
 * Clips of the kinds issue 10 is about, made at test time with lavfi: interlaced footage,
 * editor masters, a picture that changes size, a recording without a duration, and files
 * that only pretend to be video.
 */
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { join } from 'node:path'
import { BAND_COLOURS, PATTERN_HEIGHT, PATTERN_WIDTH } from './colour-clips'
import { FFMPEG, ffmpeg } from './media'

/**
 * 25 interlaced frames a second from a 50p source, two moments per frame (tinterlace), as a
 * camcorder records them. `hidden` writes the same pictures as a progressive stream, the way
 * many MBAFF/PAFF files are labelled.
 */
export async function makeInterlacedClip(
  dir: string,
  name: string,
  order: 'tff' | 'bff' | 'hidden',
  options: { seconds?: number; width?: number; height?: number; ffmpeg?: string } = {}
): Promise<string> {
  const out = join(dir, `${name}.mp4`)
  const size = `${options.width ?? 320}x${options.height ?? 240}`
  const field = order === 'bff' ? 'bottom' : 'top'
  const args = ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=50:duration=${options.seconds ?? 3}`]
  args.push('-vf', `tinterlace=interleave_${field}${order === 'hidden' ? '' : `,setfield=${order}`}`)
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p')
  if (order !== 'hidden') args.push('-flags', '+ildct+ilme', '-x264-params', order === 'bff' ? 'bff=1' : 'tff=1')
  args.push(out)
  await ffmpeg(args, options.ffmpeg)
  return out
}

function patternGraph(seconds: number): string {
  const hex = (c: readonly number[]) => c.map((v) => v.toString(16).padStart(2, '0')).join('')
  const bands = BAND_COLOURS.map((c, i) => `color=c=0x${hex(c)}:s=64x64:d=${seconds}:r=25,format=gbrp[b${i}]`)
  const row = (from: number) => `${[0, 1, 2, 3, 4, 5].map((i) => `[b${from + i}]`).join('')}hstack=6`
  return `${bands.join(';')};${row(0)}[top];${row(6)}[bottom];[top][bottom]vstack`
}

/**
 * The colour pattern as a 10-bit 4:2:2 editor master: ProRes 422 HQ or DNxHR HQX, BT.709, at
 * an HD size (1920x640). Debian's ffprobe 5.1 reports no colour tags for ProRes even with a
 * 'colr' atom, and an untagged SD picture is rightly read as BT.601; an HD one as BT.709.
 */
export async function makeEditorMaster(dir: string, name: string, codec: 'prores' | 'dnxhr', options: { ffmpeg?: string } = {}): Promise<string> {
  const out = join(dir, `${name}.mov`)
  const encoder = codec === 'prores' ? ['-c:v', 'prores_ks', '-profile:v', '3'] : ['-c:v', 'dnxhd', '-profile:v', 'dnxhr_hqx']
  await ffmpeg(
    [
      '-filter_complex', `${patternGraph(1)},scale=1920:640:flags=neighbor:out_color_matrix=bt709:out_range=tv,format=yuv422p10le`,
      ...encoder, '-pix_fmt', 'yuv422p10le',
      // write_colr: the 2018 build leaves the 'colr' atom out otherwise, and editors always write it.
      '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709', '-movflags', '+write_colr', '-t', '1', out
    ],
    options.ffmpeg
  )
  return out
}

/** The colour pattern as SD video with the BT.601 matrix (a DVD or SD broadcast capture). */
export async function makeBt601Clip(dir: string, name: string): Promise<string> {
  const out = join(dir, `${name}.mp4`)
  await ffmpeg([
    '-filter_complex', `${patternGraph(1)},scale=out_color_matrix=bt601:out_range=tv,format=yuv420p`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0',
    '-color_primaries', 'smpte170m', '-color_trc', 'smpte170m', '-colorspace', 'smpte170m', '-t', '1', out
  ])
  return out
}
export const PATTERN_SIZE = { width: PATTERN_WIDTH, height: PATTERN_HEIGHT }

/** One MPEG-TS whose picture changes size midway: `first` then `second`, as a live capture or a splice does. */
export async function makeSizeChangeClip(dir: string, name: string, first: string, second: string, seconds = 2): Promise<string> {
  const part = async (size: string, i: number): Promise<string> => {
    const file = join(dir, `${name}-part${i}.ts`)
    await ffmpeg([
      '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=${seconds}`,
      '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mpegts', file
    ])
    return file
  }
  const parts = [await part(first, 1), await part(second, 2)]
  const out = join(dir, `${name}.ts`)
  await ffmpeg(['-i', `concat:${parts.join('|')}`, '-map', '0', '-c', 'copy', '-f', 'mpegts', out])
  return out
}

/**
 * WebM written to a pipe, as a browser's MediaRecorder or a live capture writes it: the muxer
 * cannot seek back, so the header carries no duration and there are no cues.
 */
export async function makeUnseekableWebm(dir: string, name: string, seconds: number, size = '320x240'): Promise<string> {
  const out = join(dir, `${name}.webm`)
  const child = spawn(FFMPEG, [
    '-hide_banner', '-nostdin', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-c:a', 'libopus', '-f', 'webm', 'pipe:1'
  ], { stdio: ['ignore', 'pipe', 'inherit'] })
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  const [code] = await Promise.all([closed, pipeline(child.stdout, createWriteStream(out))])
  if (code !== 0) throw new Error(`ffmpeg could not write ${out} (exit ${code})`)
  return out
}

/** A text HLS playlist saved under a video name, pointing at a file elsewhere on the disk. */
export async function writeDisguisedPlaylist(path: string, target: string): Promise<string> {
  await writeFile(path, `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\n${target}\n#EXT-X-ENDLIST\n`)
  return path
}

/** An ffconcat list saved under a video name. */
export async function writeDisguisedConcat(path: string, target: string): Promise<string> {
  await writeFile(path, `ffconcat version 1.0\nfile '${target}'\n`)
  return path
}
