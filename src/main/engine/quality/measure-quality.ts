import { join } from 'node:path'
import type { RungQuality } from '@shared/job'
import type { OnLog } from '@shared/log-levels'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { readMediaPlaylist } from '../hls/media-playlist'
import { PLAYLIST_NAME } from '../media/output-args'
import { runMediaProcess } from '../media/runner'
import { buildQualitySampleArgs, parseQualityLog, QUALITY_SCALER, type SampleScores } from './quality-args'
import { gradeOf, sampleTimes } from './quality-grade'

/** Frames compared per rung when the time allows: enough for a stable mean. */
export const QUALITY_SAMPLES = 20
/** Frames compared however short the encode was (fewer only when there are fewer segments). */
export const MIN_QUALITY_SAMPLES = 4

export interface MeasureQualityInput {
  ffmpegPath: string
  /** The folder holding one `<rung>/index.m3u8` per rung (the package, or its partial folder). */
  packageDir: string
  info: MediaInfo
  plan: EncodePlan
  /** The filters the encode added to the picture (burned-in subtitles), and their environment. */
  extraVideoFilters?: readonly string[]
  env?: Record<string, string>
  samples?: number
  /**
   * Time the report may take, e.g. a few percent of the encode's: the first sample's cost says
   * how many more fit (never fewer than MIN_QUALITY_SAMPLES). Absent: `samples` frames.
   */
  budgetMs?: number
  signal?: AbortSignal
  onLog?: OnLog
}

/**
 * SSIM and PSNR of every video rung against the source, on keyframes at evenly spread segment
 * starts (cheap to decode on the rung side), both at the rung's size. One short ffmpeg run per
 * sample; a sample that fails is left out, and only a rung with no sample at all is missing.
 */
export async function measureQuality(input: MeasureQualityInput): Promise<Map<string, RungQuality>> {
  const video = input.info.video
  const rungs = input.plan.video?.rungs ?? []
  const result = new Map<string, RungQuality>()
  if (!video || rungs.length === 0) return result
  const first = await readMediaPlaylist(input.packageDir, `${rungs[0]!.id}/${PLAYLIST_NAME}`)
  const starts: number[] = []
  let at = 0
  for (const segment of first.segments) {
    starts.push(at)
    at += segment.durationSeconds
  }
  if (starts.length === 0) return result
  const scores: SampleScores[][] = rungs.map(() => [])
  const rungInputs = rungs.map((r) => ({ id: r.id, width: r.width, height: r.height, playlistPath: join(input.packageDir, r.id, PLAYLIST_NAME) }))
  const sampleAt = async (time: number): Promise<void> => {
    const lines: string[] = []
    const args = buildQualitySampleArgs({
      sourcePath: input.info.path,
      videoStreamIndex: video.index,
      plan: input.plan,
      source: video,
      extraVideoFilters: input.extraVideoFilters,
      rungs: rungInputs,
      atSeconds: time
    })
    try {
      await runMediaProcess({
        binary: input.ffmpegPath,
        args,
        cwd: input.packageDir,
        env: input.env,
        label: `quality sample at ${time.toFixed(1)} s`,
        signal: input.signal,
        timeoutMs: 120_000,
        stallTimeoutMs: 60_000,
        onStderrLine: (line) => {
          if (/\] (SSIM|PSNR) /.test(line)) lines.push(line)
        }
      })
    } catch (error) {
      if (input.signal?.aborted) throw error
      input.onLog?.(`quality sample at ${time.toFixed(1)} s failed: ${(error as Error).message}`, 'warn')
      return
    }
    parseQualityLog(lines, rungs.length).forEach((score, i) => {
      if (score) scores[i]!.push(score)
    })
  }
  // The first segment start is always among the samples; its cost sizes the rest to the budget.
  const started = Date.now()
  await sampleAt(starts[0]!)
  const perSample = Math.max(1, Date.now() - started)
  const affordable = input.budgetMs === undefined ? Infinity : Math.floor(input.budgetMs / perSample)
  const count = Math.min(input.samples ?? QUALITY_SAMPLES, Math.max(MIN_QUALITY_SAMPLES, affordable))
  for (const time of sampleTimes(starts, count).slice(1)) await sampleAt(time)
  rungs.forEach((rung, i) => {
    const list = scores[i]!
    if (list.length === 0) return
    const mean = (pick: (s: SampleScores) => number): number => list.reduce((sum, s) => sum + pick(s), 0) / list.length
    const ssim = Number(mean((s) => s.ssim).toFixed(5))
    result.set(rung.id, { ssim, psnrDb: Number(mean((s) => s.psnrDb).toFixed(2)), grade: gradeOf(ssim), samples: list.length, scaler: QUALITY_SCALER })
  })
  return result
}
