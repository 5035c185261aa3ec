import type { InterlaceFinding, VideoStreamInfo } from '@shared/media'
import { runMediaProcess } from './runner'
import { sourceInputArgs } from './source-input'

/**
 * Interlacing, from the stream's field order and from the first decoded frames. Containers
 * often say "progressive" or nothing for MBAFF/PAFF H.264 from camcorders and broadcast
 * captures, so ffmpeg's idet filter looks at the pictures themselves.
 */
export const IDET_FRAMES = 240
/** Codecs that cannot carry interlaced pictures: no need to decode anything. */
const PROGRESSIVE_ONLY_CODECS = new Set(['vp8', 'vp9', 'av1', 'theora'])
/** Fewer decided frames than this say nothing (black intros leave idet undetermined). */
const MIN_DECIDED_FRAMES = 30

export type IdetCounts = NonNullable<InterlaceFinding['frames']>

/** "[Parsed_idet_0 @ 0x…] Multi frame detection: TFF:   100 BFF:     0 Progressive:     0 Undetermined:     0" */
export function parseIdetLine(line: string): IdetCounts | undefined {
  const m = /Multi frame detection:\s*TFF:\s*(\d+)\s*BFF:\s*(\d+)\s*Progressive:\s*(\d+)\s*Undetermined:\s*(\d+)/.exec(line)
  return m ? { tff: Number(m[1]), bff: Number(m[2]), progressive: Number(m[3]), undetermined: Number(m[4]) } : undefined
}

/** ffprobe's field_order in display order ("tb": top coded first, bottom shown first). */
function streamFieldOrder(fieldOrder: string | undefined): 'tff' | 'bff' | undefined {
  if (fieldOrder === 'tt' || fieldOrder === 'bt') return 'tff'
  if (fieldOrder === 'bb' || fieldOrder === 'tb') return 'bff'
  return undefined
}

/**
 * Interlaced pictures show combing with ONE field order. Synthetic progressive pictures with
 * sharp, fast detail (lavfi testsrc2) fool idet into TFF and BFF about equally (measured 46/44
 * of 100), so the frames only count as interlaced when one order clearly dominates.
 */
function framesVerdict(counts: IdetCounts | undefined): { interlaced?: 'tff' | 'bff'; progressive: boolean } {
  if (!counts) return { progressive: false }
  const decided = counts.tff + counts.bff + counts.progressive
  if (decided < MIN_DECIDED_FRAMES) return { progressive: false }
  const order = counts.tff >= counts.bff ? 'tff' : 'bff'
  const dominant = Math.max(counts.tff, counts.bff)
  const minority = Math.min(counts.tff, counts.bff)
  const interlaced = dominant > counts.progressive && dominant >= 3 * minority
  return { interlaced: interlaced ? order : undefined, progressive: counts.progressive >= 0.8 * decided }
}

/** Pure: the stream's field order and idet's counts in, the finding (or undefined for progressive) out. */
export function judgeInterlace(fieldOrder: string | undefined, counts: IdetCounts | undefined): InterlaceFinding | undefined {
  const fromStream = streamFieldOrder(fieldOrder)
  const frames = framesVerdict(counts)
  if (fromStream && !frames.progressive) {
    return { fieldOrder: frames.interlaced ?? fromStream, detectedBy: 'stream', ...(counts ? { frames: counts } : {}) }
  }
  if (frames.interlaced) return { fieldOrder: frames.interlaced, detectedBy: 'frames', frames: counts }
  return undefined
}

export function needsFrameCheck(video: Pick<VideoStreamInfo, 'codec'>): boolean {
  return !PROGRESSIVE_ONLY_CODECS.has(video.codec)
}

/** Runs idet over the first frames of the video stream. */
export async function countInterlacedFrames(
  file: string,
  video: Pick<VideoStreamInfo, 'index'>,
  options: { ffmpegPath: string; signal?: AbortSignal; timeoutMs?: number }
): Promise<IdetCounts | undefined> {
  let counts: IdetCounts | undefined
  await runMediaProcess({
    binary: options.ffmpegPath,
    args: ['-hide_banner', '-nostdin', '-nostats', ...sourceInputArgs(file), '-map', `0:${video.index}`, '-frames:v', String(IDET_FRAMES), '-vf', 'idet', '-an', '-sn', '-f', 'null', '-'],
    label: 'interlace check',
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 120_000,
    onStderrLine: (line) => {
      counts = parseIdetLine(line) ?? counts
    }
  })
  return counts
}
