/**
 * Colour test pictures with known values: six grey levels over six saturated colours, each a
 * 64x64 band of a 384x128 frame. The HDR versions are computed here from the formulas of the
 * standards, not with ffmpeg's own colour code, so a tone-mapping test does not grade ffmpeg
 * with ffmpeg:
 * - BT.709/BT.1886 SDR (gamma 2.4), reference white placed at 203 cd/m² (ITU-R BT.2408);
 * - BT.2020 primaries (ITU-R BT.2087 matrix);
 * - PQ: SMPTE ST 2084 inverse EOTF; HLG: ITU-R BT.2100 inverse OOTF (1000 cd/m² display, system gamma 1.2) then OETF.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { FFMPEG, ffmpeg } from './media'

export type Rgb = readonly [number, number, number]

/** 8-bit SDR band colours, BT.709 R'G'B', in the frame's reading order (greys, then colours). */
export const BAND_COLOURS: readonly Rgb[] = [
  [32, 32, 32],
  [80, 80, 80],
  [128, 128, 128],
  [176, 176, 176],
  [208, 208, 208],
  [238, 238, 238],
  [192, 0, 0],
  [0, 192, 0],
  [0, 0, 192],
  [192, 192, 0],
  [0, 192, 192],
  [192, 0, 192]
]
export const BAND_NAMES = ['grey 32', 'grey 80', 'grey 128', 'grey 176', 'grey 208', 'grey 238', 'red', 'green', 'blue', 'yellow', 'cyan', 'magenta'] as const
export const BAND_SIZE = 64
export const PATTERN_WIDTH = BAND_SIZE * 6
export const PATTERN_HEIGHT = BAND_SIZE * 2

const REFERENCE_WHITE_NITS = 203
const HLG_DISPLAY_PEAK_NITS = 1000
const HLG_SYSTEM_GAMMA = 1.2

/** BT.709 → BT.2020 linear RGB (ITU-R BT.2087, table 2). */
const BT709_TO_BT2020 = [
  [0.6274, 0.3293, 0.0433],
  [0.0691, 0.9195, 0.0114],
  [0.0164, 0.088, 0.8956]
] as const

function toBt2020Linear(rgb: Rgb): [number, number, number] {
  const linear = rgb.map((v) => (v / 255) ** 2.4)
  return BT709_TO_BT2020.map((row) => row[0] * linear[0]! + row[1] * linear[1]! + row[2] * linear[2]!) as [number, number, number]
}

/** SMPTE ST 2084 inverse EOTF: absolute luminance in cd/m² → signal 0–1. */
export function pqSignal(nits: number): number {
  const m1 = 2610 / 16384
  const m2 = (2523 / 4096) * 128
  const c1 = 3424 / 4096
  const c2 = (2413 / 4096) * 32
  const c3 = (2392 / 4096) * 32
  const y = Math.max(0, nits) / 10000
  return ((c1 + c2 * y ** m1) / (1 + c3 * y ** m1)) ** m2
}

/** BT.2100 HLG OETF: scene light 0–1 → signal 0–1. */
export function hlgSignal(scene: number): number {
  const a = 0.17883277
  const b = 1 - 4 * a
  const c = 0.5 - a * Math.log(4 * a)
  return scene <= 1 / 12 ? Math.sqrt(3 * scene) : a * Math.log(12 * scene - b) + c
}

/** One band as HDR R'G'B' (0–1) for the given transfer. */
export function hdrSignal(rgb: Rgb, transfer: 'pq' | 'hlg'): [number, number, number] {
  const display = toBt2020Linear(rgb).map((v) => v * REFERENCE_WHITE_NITS)
  if (transfer === 'pq') return display.map(pqSignal) as [number, number, number]
  // Inverse OOTF: display light Fd = Lw · Ys^(γ−1) · Es, so Es = (Fd/Lw) · Ys^((1−γ)/γ) with Ys from display luminance.
  const [r, g, b] = display.map((v) => v / HLG_DISPLAY_PEAK_NITS) as [number, number, number]
  const yd = 0.2627 * r + 0.678 * g + 0.0593 * b
  const ys = yd > 0 ? yd ** (1 / HLG_SYSTEM_GAMMA) : 0
  const gain = yd > 0 ? ys / yd : 0
  return [r, g, b].map((v) => hlgSignal(v * gain)) as [number, number, number]
}

function hex(rgb: readonly number[]): string {
  return rgb.map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0')).join('')
}

/** The lavfi graph of the pattern, each band given as 8-bit R'G'B' 0–1. */
function patternGraph(bands: ReadonlyArray<readonly number[]>, seconds: number, rate: number): string {
  const sources = bands.map((b, i) => `color=c=0x${hex(b)}:s=${BAND_SIZE}x${BAND_SIZE}:d=${seconds}:r=${rate},format=gbrp[b${i}]`)
  const row = (from: number) => `${[0, 1, 2, 3, 4, 5].map((i) => `[b${from + i}]`).join('')}hstack=6`
  return `${sources.join(';')};${row(0)}[top];${row(6)}[bottom];[top][bottom]vstack`
}

export interface ColourClipOptions {
  transfer: 'sdr' | 'pq' | 'hlg'
  seconds?: number
  rate?: number
  /** Display rotation written into the container. */
  rotate?: number
  ffmpeg?: string
}

/** A 10-bit HEVC HDR clip (PQ or HLG, BT.2020) or an 8-bit H.264 BT.709 clip of the pattern. */
export async function makeColourClip(dir: string, name: string, options: ColourClipOptions): Promise<string> {
  const seconds = options.seconds ?? 2
  const rate = options.rate ?? 25
  const out = join(dir, `${name}.mp4`)
  const sdr = options.transfer === 'sdr'
  const bands = BAND_COLOURS.map((c) => (sdr ? c.map((v) => v / 255) : hdrSignal(c, options.transfer as 'pq' | 'hlg')))
  const matrix = sdr ? 'bt709' : 'bt2020'
  const args = ['-filter_complex', `${patternGraph(bands, seconds, rate)},scale=out_color_matrix=${matrix}:out_range=tv,format=${sdr ? 'yuv420p' : 'yuv420p10le'}`]
  if (sdr) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-color_trc', 'bt709', '-color_primaries', 'bt709', '-colorspace', 'bt709')
  else {
    args.push('-c:v', 'libx265', '-x265-params', 'log-level=error:lossless=1', '-tag:v', 'hvc1')
    args.push('-color_trc', options.transfer === 'pq' ? 'smpte2084' : 'arib-std-b67', '-color_primaries', 'bt2020', '-colorspace', 'bt2020nc')
  }
  args.push('-t', String(seconds), out)
  await ffmpeg(args, options.ffmpeg)
  if (options.rotate !== undefined) await setRotation(out, options.rotate)
  return out
}

/**
 * Writes a display rotation into an mp4, as a phone does. Only the bundled 2018 build honours
 * the `rotate` tag (5.1 dropped it), and it takes two remuxes to stick.
 */
async function setRotation(file: string, degrees: number): Promise<void> {
  const { rm } = await import('node:fs/promises')
  const turned = `${file}.turned.mp4`
  await ffmpeg(['-i', file, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, turned])
  await ffmpeg(['-i', turned, '-map', '0', '-c', 'copy', '-metadata:s:v:0', `rotate=${degrees}`, file])
  await rm(turned)
}

/**
 * The 8-bit R'G'B' at the centre of every band of one frame, decoded with the given matrix
 * (BT.709 by default, what every rung is tagged with). `turnBack` undoes a rotation first.
 */
export async function sampleBands(file: string, options: { ffmpeg?: string; matrix?: string; turnBack?: string } = {}): Promise<Rgb[]> {
  const binary = options.ffmpeg ?? FFMPEG
  const matrix = options.matrix ?? 'bt709'
  const turn = options.turnBack ? `${options.turnBack},` : ''
  const { stdout } = await promisify(execFile)(
    binary,
    ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', `${turn}scale=${PATTERN_WIDTH}:${PATTERN_HEIGHT}:in_color_matrix=${matrix}:in_range=tv,format=rgb24`, '-f', 'rawvideo', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }
  )
  const pixel = (x: number, y: number): Rgb => {
    const i = (y * PATTERN_WIDTH + x) * 3
    return [stdout[i]!, stdout[i + 1]!, stdout[i + 2]!]
  }
  const centres: Rgb[] = []
  for (let row = 0; row < 2; row++) for (let col = 0; col < 6; col++) centres.push(pixel(col * BAND_SIZE + BAND_SIZE / 2, row * BAND_SIZE + BAND_SIZE / 2))
  return centres
}

/** Hue angle in degrees (0 red, 60 yellow, 120 green, …) of an R'G'B' colour. */
export function hueOf([r, g, b]: Rgb): number {
  const max = Math.max(r, g, b)
  const min = Math.min(r, g, b)
  if (max === min) return 0
  const d = max - min
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return (h * 60 + 360) % 360
}

/** Smallest difference between two hue angles. */
export function hueDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % 360
  return d > 180 ? 360 - d : d
}
