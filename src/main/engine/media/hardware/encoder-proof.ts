import type { EncodePlan, VideoRung } from '@shared/plan'
import { isStudioError } from '@shared/errors'
import type { VideoEncoderSetup } from '../encode-args'
import { MediaProcessFailure, runMediaProcess, summarizeStderr } from '../runner'

/**
 * A listed encoder is not a working encoder: ffmpeg lists NVENC without a driver and VAAPI
 * without a GPU. HandBrake's lesson is to open a real session, so each candidate encodes ten
 * frames at a real rung size through the exact arguments a job would use.
 */
export const PROOF_RUNG: VideoRung = {
  id: 'v0',
  label: '720p',
  width: 1280,
  height: 720,
  videoBitrateKbps: 2800,
  maxrateKbps: 2996,
  bufsizeKbps: 4200
}

const PROOF_PLAN: EncodePlan = {
  kind: 'video',
  segmentSeconds: 6,
  keyframeSeconds: 2,
  segmentFormat: 'ts',
  treatments: [],
  video: {
    rungs: [PROOF_RUNG],
    encoder: 'proof',
    preset: 'veryfast',
    frameRate: 30,
    halveFrameRate: false,
    toneMap: 'none'
  },
  audioRungs: [],
  warnings: []
}

export const PROOF_FRAMES = 10
/** A working GPU answers in well under a second; a wedged driver must not hang detection. */
export const PROOF_TIMEOUT_MS = 20_000

export function buildProofArgs(setup: VideoEncoderSetup): string[] {
  const { width, height } = PROOF_RUNG
  return [
    '-hide_banner',
    '-nostdin',
    // Verbose: some device failures (QSV's DRM node) are only explained at this level.
    '-v',
    'verbose',
    ...setup.deviceArgs,
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=30:duration=1`,
    '-frames:v',
    String(PROOF_FRAMES),
    '-vf',
    ['format=yuv420p', ...setup.uploadFilters].join(','),
    ...setup.rungArgs(PROOF_RUNG, PROOF_PLAN),
    '-an',
    '-f',
    'null',
    '-'
  ]
}

/** Lines that say "it failed" without saying why; the reason is on an earlier line. */
const GENERIC_FAILURE =
  /can't configure encoder|Error while opening encoder|Error initializing output stream|maybe incorrect parameters|Conversion failed|Nothing was written|Error parsing global options/i
const SOUNDS_LIKE_A_FAILURE = /fail|cannot|can't|could not|unable|\bno\b|\bnot\b|invalid|unsupported|error|denied|unknown|out of memory/i
const TOP_LEVEL_REASON = /Unknown encoder|Unrecognized option|Option \S+ not found|Failed to set value|Device creation failed|Invalid argument|No such file/i

function contextTag(line: string): string | undefined {
  return /^\[([^\]@]+?) @ 0x[0-9a-f]+\]/.exec(line)?.[1]?.trim()
}

function stripContext(line: string): string {
  return line.replace(/^\[[^\]]+ @ 0x[0-9a-f]+\]\s*/, '').trim()
}

/**
 * ffmpeg's own explanation of why an encoder could not run, e.g. "Cannot load libcuda.so.1" or
 * "No VA display found for device /dev/dri/renderD128.": the first failure reported by the
 * encoder or the hardware device, else the top-level complaint, else the last line.
 */
export function proofFailureReason(encoder: string, stderr: readonly string[]): string {
  const fromDevice = stderr.find((line) => {
    const tag = contextTag(line)
    if (!tag || !(tag === encoder || tag === 'AVHWDeviceContext' || /hwupload/.test(tag))) return false
    return !GENERIC_FAILURE.test(line) && SOUNDS_LIKE_A_FAILURE.test(stripContext(line))
  })
  if (fromDevice) return stripContext(fromDevice)
  const topLevel = [...stderr].reverse().find((line) => !contextTag(line) && TOP_LEVEL_REASON.test(line))
  if (topLevel) return topLevel.trim()
  return summarizeStderr(stderr) || 'the test encode failed without a message'
}

export type ProofResult = { usable: true; durationMs: number } | { usable: false; reason: string; durationMs: number }

export async function proveEncoder(ffmpegPath: string, setup: VideoEncoderSetup, signal?: AbortSignal): Promise<ProofResult> {
  const started = Date.now()
  try {
    await runMediaProcess({
      binary: ffmpegPath,
      args: buildProofArgs(setup),
      label: `test encode with ${setup.encoder}`,
      timeoutMs: PROOF_TIMEOUT_MS,
      stderrTailLines: 60,
      signal
    })
    return { usable: true, durationMs: Date.now() - started }
  } catch (error) {
    const durationMs = Date.now() - started
    if (error instanceof MediaProcessFailure) {
      const reason = error.signal ? `the test encode crashed (${error.signal})` : proofFailureReason(setup.encoder, error.stderrTail)
      return { usable: false, reason, durationMs }
    }
    if (isStudioError(error) && error.code === 'TIMEOUT') {
      return { usable: false, reason: `the test encode did not finish within ${PROOF_TIMEOUT_MS / 1000} s`, durationMs }
    }
    throw error
  }
}
