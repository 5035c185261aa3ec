/**
 * A fake ffmpeg for the one thing these machines cannot have: a GPU. It is an executable that
 * behaves like a real ffmpeg build with hardware encoders compiled in:
 * - `-encoders` prints the real binary's list plus the hardware encoders it pretends to have;
 * - an encode with a hardware encoder whose device is absent fails with the exact lines a
 *   real ffmpeg prints on such a machine (captured from ffmpeg 5.1 here, and from the ffmpeg
 *   sources for VideoToolbox and AMF), honouring -v so verbose-only lines stay verbose-only;
 * - with `working` set, that encoder's device "exists": the encode runs on the real ffmpeg
 *   with libx264 (libx265) standing in, and NVENC's consumer session limit is enforced with its real
 *   error; everything else is handed to the real ffmpeg untouched.
 * Every call is appended to a log, so tests can count proofs and read the arguments used.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FFMPEG } from './media'

export interface FakeGpuOptions {
  /** Hardware encoders added to `-encoders`. */
  listed: string[]
  /** Listed encoders whose device works. */
  working?: string[]
  /** Concurrent NVENC sessions the card allows (GeForce cards have a limit); unlimited when absent. */
  nvencSessionLimit?: number
  realFfmpeg?: string
}

export interface FakeFfmpeg {
  path: string
  logFile: string
  /** Every call's arguments, oldest first. */
  calls(): string[][]
}

const DESCRIPTIONS: Record<string, string> = {
  h264_nvenc: 'V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)',
  hevc_nvenc: 'V....D hevc_nvenc           NVIDIA NVENC hevc encoder (codec hevc)',
  h264_qsv: 'V..... h264_qsv             H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (Intel Quick Sync Video acceleration) (codec h264)',
  h264_vaapi: 'V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)',
  h264_videotoolbox: 'V....D h264_videotoolbox    VideoToolbox H.264 Encoder (codec h264)',
  h264_amf: 'V....D h264_amf             AMD AMF H.264 Encoder (codec h264)',
  h264_v4l2m2m: 'V..... h264_v4l2m2m         V4L2 mem2mem H.264 encoder wrapper (codec h264)'
}

const OPEN_FAILED =
  'Error initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height'

/** [log level, line] as a real ffmpeg prints them without the device; {p} is a context pointer. */
const ABSENT_DEVICE: Record<string, Array<[number, string]>> = {
  h264_nvenc: [[16, '[h264_nvenc @ {p}] Cannot load libcuda.so.1'], [40, '[h264_nvenc @ {p}] Nvenc unloaded'], [16, OPEN_FAILED], [16, 'Conversion failed!']],
  hevc_nvenc: [[16, '[hevc_nvenc @ {p}] Cannot load libcuda.so.1'], [40, '[hevc_nvenc @ {p}] Nvenc unloaded'], [16, OPEN_FAILED], [16, 'Conversion failed!']],
  h264_qsv: [
    [40, '[AVHWDeviceContext @ {p}] Cannot open DRM render node for device 0.'],
    [40, '[AVHWDeviceContext @ {p}] Cannot open a VA display from DRM device (null).'],
    [16, 'Device creation failed: -542398533.'],
    [16, "Failed to set value 'qsv=hw' for option 'init_hw_device': Generic error in an external library"],
    [16, 'Error parsing global options: Generic error in an external library']
  ],
  h264_vaapi: [
    [40, '[AVHWDeviceContext @ {p}] Failed to open /dev/dri/renderD128 as DRM device node.'],
    [40, '[AVHWDeviceContext @ {p}] Cannot open X11 display /dev/dri/renderD128.'],
    [32, '[AVHWDeviceContext @ {p}] No VA display found for device /dev/dri/renderD128.'],
    [16, 'Device creation failed: -22.'],
    [16, "Failed to set value '/dev/dri/renderD128' for option 'vaapi_device': Invalid argument"],
    [16, 'Error parsing global options: Invalid argument']
  ],
  h264_videotoolbox: [[16, '[h264_videotoolbox @ {p}] Error: cannot create compression session: -12908'], [16, OPEN_FAILED], [16, 'Conversion failed!']],
  h264_amf: [[16, '[h264_amf @ {p}] DLL libamfrt64.so.1 failed to open'], [16, OPEN_FAILED], [16, 'Conversion failed!']],
  h264_v4l2m2m: [
    [16, '[h264_v4l2m2m @ {p}] Could not find a valid device'],
    [16, "[h264_v4l2m2m @ {p}] can't configure encoder"],
    [16, OPEN_FAILED],
    [16, 'Conversion failed!']
  ]
}

/** What ffmpeg 5.1 prints when a GeForce card refuses one more NVENC session. */
const NVENC_SESSION_LIMIT: Array<[number, string]> = [
  [16, '[h264_nvenc @ {p}] OpenEncodeSessionEx failed: out of memory (10): (no details)'],
  [8, '[h264_nvenc @ {p}] No capable devices found'],
  [16, OPEN_FAILED.replace(/0:0/g, '0:{stream}')],
  [16, 'Conversion failed!']
]

/** The executable: plain CommonJS run by this Node, configured by the JSON spliced in. */
function script(config: object): string {
  return `#!${process.execPath}
'use strict'
const { spawn, spawnSync } = require('child_process')
const { appendFileSync } = require('fs')
const cfg = ${JSON.stringify(config)}
const args = process.argv.slice(2)
appendFileSync(cfg.log, JSON.stringify(args) + '\\n')

const LEVELS = { quiet: -8, panic: 0, fatal: 8, error: 16, warning: 24, info: 32, verbose: 40, debug: 48, trace: 56 }
const vAt = args.indexOf('-v')
const level = vAt >= 0 ? (LEVELS[args[vAt + 1]] ?? Number(args[vAt + 1])) : 32
const pointer = () => '0x55' + Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')

function fail(lines, stream) {
  const p = pointer()
  for (const [at, line] of lines) {
    if (at <= level) process.stderr.write(line.replace('{p}', p).replace(/\\{stream\\}/g, String(stream)) + '\\n')
  }
  process.exit(1)
}

function delegate(list) {
  const child = spawn(cfg.real, list, { stdio: 'inherit' })
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code === null ? 1 : code))
}

if (args.includes('-encoders')) {
  const real = spawnSync(cfg.real, args)
  const lines = real.stdout.toString().split('\\n')
  const at = lines.findIndex((l) => /\\slibx264\\s/.test(l))
  const missing = cfg.listed.filter((name) => !lines.some((l) => l.split(/\\s+/).includes(name)))
  lines.splice(at + 1, 0, ...missing.map((name) => ' ' + cfg.descriptions[name]))
  process.stdout.write(lines.join('\\n'))
  process.exit(real.status === null ? 1 : real.status)
}

const encoders = args.flatMap((a, i) => (a === '-c:v' ? [args[i + 1]] : []))
const hardware = encoders.find((e) => cfg.listed.includes(e))
if (!hardware) delegate(args)
else if (!cfg.working.includes(hardware)) fail(cfg.absent[hardware] || cfg.absent.h264_nvenc, 0)
else {
  const sessions = encoders.filter((e) => e === hardware).length
  if (hardware.endsWith('_nvenc') && cfg.sessionLimit !== null && sessions > cfg.sessionLimit) fail(cfg.sessionLimitLines, cfg.sessionLimit)
  // The device "exists": libx264 (libx265 for HEVC) stands in for the chip, without the
  // GPU-only options; x265 shares NVENC's -forced-idr and the hvc1 tag.
  const hevc = hardware.startsWith('hevc')
  const dropWithValue = new Set(['-vaapi_device', '-init_hw_device', '-filter_hw_device', '-rc', '-no-scenecut',
    '-forced_idr', '-look_ahead', '-allow_sw', '-realtime', '-usage', '-quality', '-enforce_hrd', ...(hevc ? [] : ['-tag:v', '-forced-idr'])])
  const out = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (dropWithValue.has(a)) { i++; continue }
    if (a === '-c:v' && args[i + 1] === hardware) {
      out.push('-c:v', hevc ? 'libx265' : 'libx264', ...(hevc ? ['-x265-params', 'log-level=error'] : []))
      i++
      continue
    }
    if (a === '-preset') { out.push('-preset', 'ultrafast'); i++; continue }
    if (a === '-profile:v' && args[i + 1] === '100') { out.push('-profile:v', 'high'); i++; continue }
    if (a === '-filter_complex' || a === '-vf') {
      out.push(a, args[i + 1].replace(/,hwupload(=[^,;\\[]*)?/g, '').replace(/,format=qsv/g, ''))
      i++
      continue
    }
    out.push(a)
  }
  delegate(out)
}
`
}

export function createFakeFfmpeg(dir: string, options: FakeGpuOptions): FakeFfmpeg {
  const path = join(dir, 'ffmpeg')
  const logFile = join(dir, 'ffmpeg-calls.log')
  writeFileSync(logFile, '')
  const config = {
    real: options.realFfmpeg ?? FFMPEG,
    log: logFile,
    listed: options.listed,
    working: options.working ?? [],
    sessionLimit: options.nvencSessionLimit ?? null,
    descriptions: DESCRIPTIONS,
    absent: ABSENT_DEVICE,
    sessionLimitLines: NVENC_SESSION_LIMIT
  }
  writeFileSync(path, script(config))
  chmodSync(path, 0o755)
  return {
    path,
    logFile,
    calls: () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as string[])
  }
}
