import { mkdir, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import type { SpectrogramOptions } from '../media/images/spectrogram-args'
import type { DownloadBranch } from '../media/mp4-download-args'
import { chunkedAudioCommand, joinChunkedDownload } from './download-join'
import { runEncode, type EncodeProgress } from '../media/encode'
import type { VideoEncoderSetup } from '../media/encode-args'
import { EtaEstimator } from '../media/eta'
import { runMediaProcess } from '../media/runner'
import { buildChunkJob, CHUNKS_FOLDER, type ChunkJob } from './chunk-job'
import { chunkKey, chunkProblems, measureChunk, readCheckpoints, recordStillHolds, writeCheckpoints, type ChunkRecord } from './chunk-checkpoints'
import type { ChunkPlan } from './chunk-plan'
import type { ChunkRunner, ChunkRunReport } from './chunk-runner'
import { InOrderSegments } from './in-order-segments'
import { packageSegmentCount } from './segment-count'
import { buildChunkSegmentCommand, finishChunkSegments, prepareChunkSegmentFolders, writeJoinedPlaylists } from './stitch'

export interface ChunkedEncodeInput {
  jobId: string
  ffmpegPath: string
  ffprobePath: string
  plan: EncodePlan
  info: MediaInfo
  chunkPlan: ChunkPlan
  workDir: string
  encoder: VideoEncoderSetup
  runner: ChunkRunner
  /** Chunks encoding at once. */
  parallel: number
  extraVideoFilters?: string[]
  /** The MP4 download: a picture per chunk, joined with one encode of the sound. */
  download?: DownloadBranch
  /** A video job's spectrogram, drawn in the audio step. */
  spectrogram?: SpectrogramOptions
  env?: Record<string, string>
  timeoutMs?: number
  signal?: AbortSignal
  onProgress?: (progress: EncodeProgress) => void
  onLog?: (line: string, level: 'info' | 'warn' | 'error') => void
  /** Each chunk as it is found done, started, finished or redone: the job's chunk strip. */
  onChunkState?: (index: number, state: ChunkState, by?: ChunkRunReport) => void
  /**
   * Package-relative paths of segments that will not change again, in package order, while
   * later chunks still encode (e.g. to upload them). The last chunk's are not reported: the
   * join may still fold its runt tail into the segment before.
   */
  onSegmentsFinal?: (paths: string[]) => void
}

export type ChunkState = 'done' | 'encoding' | 'waiting' | 'redone'

/** Shares of the encode's percent: audio once, the chunks, the join. */
const AUDIO_SHARE = 5
const JOIN_SHARE = 3

async function runPool<T>(items: readonly T[], parallel: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items]
  let failure: unknown
  const lanes = Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, async () => {
    while (queue.length > 0 && failure === undefined && !signal?.aborted) {
      const item = queue.shift()!
      try {
        await work(item)
      } catch (error) {
        failure ??= error
      }
    }
  })
  await Promise.all(lanes)
  if (failure !== undefined) throw failure
}

/**
 * Encodes a long video as chunks: the audio renditions once for the whole source, then every
 * chunk not already done (each decodes its range once and encodes every rung), each checked
 * and recorded as it finishes, then the rungs joined into the package's media playlists.
 * The chunk files are removed once the join has written every playlist.
 */
export async function encodeInChunks(input: ChunkedEncodeInput): Promise<void> {
  const { plan, info, workDir } = input
  const log = (line: string, level: 'info' | 'warn' | 'error' = 'info'): void => input.onLog?.(line, level)
  const probe = { ffprobePath: input.ffprobePath, ffmpegPath: input.ffmpegPath, signal: input.signal }
  const frameRate = plan.video?.frameRate ?? 30
  const rungCount = plan.video?.rungs.length ?? 0
  const total = input.chunkPlan.chunks.length
  await mkdir(join(workDir, CHUNKS_FOLDER), { recursive: true })

  const chunks = input.chunkPlan.chunks.map((range) =>
    buildChunkJob({ jobId: input.jobId, plan, info, range, extraVideoFilters: input.extraVideoFilters, encoder: input.encoder, download: input.download })
  )
  const keys = new Map(chunks.map((c) => [c.index, chunkKey(c, info.sizeBytes)]))
  const records = new Map<number, ChunkRecord>()
  const redone = new Set<number>()
  for (const record of await readCheckpoints(workDir)) {
    const chunk = chunks[record.index]
    if (!chunk) continue
    if (await recordStillHolds(workDir, chunk, record, keys.get(chunk.index)!, probe)) records.set(chunk.index, record)
    else {
      redone.add(chunk.index)
      log(`chunk ${chunk.index + 1}/${total}: its files no longer match its checkpoint; encoding it again`, 'warn')
    }
  }
  const pending = chunks.filter((c) => !records.has(c.index))
  if (records.size > 0) log(`resuming: ${records.size} of ${total} chunks already done (${[...records.keys()].map((i) => i + 1).join(', ')})`)
  for (const chunk of chunks) input.onChunkState?.(chunk.index, records.has(chunk.index) ? 'done' : 'waiting')

  const totalSeconds = chunks.reduce((sum, c) => sum + c.durationSeconds, 0)
  let doneSeconds = chunks.filter((c) => records.has(c.index)).reduce((sum, c) => sum + c.durationSeconds, 0)
  const inFlight = new Map<number, number>()
  // Chunks already done are not work: the ETA counts only what is left, from the speed seen here.
  const eta = new EtaEstimator(Math.max(0.001, totalSeconds - doneSeconds))
  const startDone = doneSeconds
  const totalSegments = packageSegmentCount({
    chunkPlan: input.chunkPlan,
    lastChunkSeconds: chunks.at(-1)?.durationSeconds ?? 0,
    totalSeconds,
    segmentSeconds: plan.segmentSeconds,
    rungs: rungCount,
    audioRenditions: plan.audioRenditions?.length ?? 0
  })
  const report = (variantPercent: number, fps?: number): void => {
    const position = doneSeconds + [...inFlight.values()].reduce((a, b) => a + b, 0)
    const { speed, etaSeconds } = eta.update(Math.max(0, position - startDone))
    input.onProgress?.({
      percent: AUDIO_SHARE + (totalSeconds > 0 ? position / totalSeconds : 0) * (100 - AUDIO_SHARE - JOIN_SHARE),
      currentVariant: `chunk ${Math.min(total, records.size + 1)}/${total}`,
      variantIndex: 1,
      variantCount: rungCount,
      variantPercent,
      fps,
      speed,
      etaSeconds,
      completedChunks: records.size,
      totalChunks: total,
      totalSegments
    })
  }

  if (plan.audioRenditions?.length) {
    // Once for the whole source: AAC priming at every seam would click and drift.
    await runEncode({
      ffmpegPath: input.ffmpegPath,
      commands: [chunkedAudioCommand(plan, info, input.download, input.spectrogram)],
      info,
      workDir,
      segmentSeconds: plan.segmentSeconds,
      signal: input.signal,
      onLog: (line) => log(line)
    })
  }
  report(0)

  const ordered = new InOrderSegments(total, async (index, timeline) => {
    const last = index === total - 1
    const made = await finishChunkSegments(workDir, plan, chunks[index]!, input.chunkPlan.segmentsPerChunk, last, timeline)
    if (!last) input.onSegmentsFinal?.(made)
  })
  const segment = async (chunk: ChunkJob): Promise<void> => {
    await prepareChunkSegmentFolders(workDir, plan, chunk)
    const command = buildChunkSegmentCommand(plan, chunk)
    await runMediaProcess({
      binary: input.ffmpegPath,
      args: command.args,
      cwd: workDir,
      label: command.label,
      signal: input.signal,
      stallTimeoutMs: 180_000,
      onStderrLine: (line) => log(line)
    })
    await ordered.cutDone(chunk.index)
  }
  // Chunks done before a crash are cut again: copying is cheap, and their segments come out byte for byte the same.
  for (const chunk of chunks) if (records.has(chunk.index)) await segment(chunk)

  await runPool(pending, input.parallel, input.signal, async (chunk) => {
    input.onChunkState?.(chunk.index, redone.has(chunk.index) ? 'redone' : 'encoding')
    inFlight.set(chunk.index, 0)
    // New files, never the old ones reopened: an ffmpeg orphaned by a crash may still be
    // writing the old ones, and now writes into files nothing links to.
    await rm(join(workDir, chunk.folder), { recursive: true, force: true })
    const by = await input.runner.run(chunk, {
      workDir,
      signal: input.signal,
      env: input.env,
      timeoutMs: input.timeoutMs,
      onLog: (line) => log(line),
      onProgress: (p) => {
        const position = Math.min(chunk.durationSeconds, Math.max(0, (p.outTimeSeconds ?? 0)))
        inFlight.set(chunk.index, position)
        report(chunk.durationSeconds > 0 ? (position / chunk.durationSeconds) * 100 : 0, p.fps)
      }
    })
    await recordChunk(input, chunk, keys.get(chunk.index)!, records, probe, frameRate)
    await segment(chunk)
    inFlight.delete(chunk.index)
    doneSeconds += chunk.durationSeconds
    input.onChunkState?.(chunk.index, 'done', by ?? undefined)
    log(`chunk ${chunk.index + 1}/${total} done (${records.size}/${total})`)
    report(100)
  })
  if (input.signal?.aborted) throw new StudioError('CANCELLED', 'Encoding cancelled.')
  if (!ordered.allFinal) throw new Error('every chunk was encoded, yet not every chunk was segmented')

  await writeJoinedPlaylists(workDir, plan, chunks, input.chunkPlan.segmentsPerChunk)
  if (input.download) await joinChunkedDownload({ workDir, ffmpegPath: input.ffmpegPath, plan, download: input.download, chunks, signal: input.signal, onLog: (line) => log(line) })
  await rm(join(workDir, CHUNKS_FOLDER), { recursive: true, force: true })
}

async function recordChunk(
  input: ChunkedEncodeInput,
  chunk: ChunkJob,
  key: string,
  records: Map<number, ChunkRecord>,
  probe: { ffprobePath: string; ffmpegPath: string; signal?: AbortSignal },
  frameRate: number
): Promise<void> {
  const rungs = await measureChunk(input.workDir, chunk, probe)
  const problems = chunkProblems(chunk, rungs, frameRate)
  if (problems.length > 0) {
    throw new StudioError('FFMPEG_FAILED', `Chunk ${chunk.index + 1} of ${basename(input.info.path)} came out wrong: ${problems.join('; ')}.`)
  }
  records.set(chunk.index, { index: chunk.index, key, rungs })
  await writeCheckpoints(input.workDir, [...records.values()])
}

