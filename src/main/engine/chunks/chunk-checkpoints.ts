import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import { readFfprobeJson } from '../media/ffprobe-json'
import { CHUNKS_FOLDER, chunkOutputIds, chunkRungFile, type ChunkJob } from './chunk-job'

/**
 * A finished chunk is checked, then recorded in `chunks/done.json` in the partial folder (Av1an
 * keeps a done.json the same way). After a crash the record is read back, and a chunk is only
 * skipped when its files still match it: a record is a claim, never proof.
 */
export const CHECKPOINT_FILE = `${CHUNKS_FOLDER}/done.json`

export interface RungFacts {
  bytes: number
  /** Of the whole file: a byte damaged in place keeps its size and its frame count. */
  sha256: string
  frames: number
  durationSeconds: number
}

export interface ChunkRecord {
  index: number
  /** Hash of the chunk's arguments and the source's size: another plan or another file never matches. */
  key: string
  rungs: Record<string, RungFacts>
}

interface CheckpointFile {
  version: 1
  chunks: ChunkRecord[]
}

export function chunkKey(chunk: ChunkJob, sourceBytes: number): string {
  return createHash('sha256').update(JSON.stringify({ args: chunk.args, sourceBytes })).digest('hex').slice(0, 32)
}

export interface ProbePaths {
  ffprobePath: string
  ffmpegPath: string
  signal?: AbortSignal
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer)
  return hash.digest('hex')
}

async function measureRung(path: string, probe: ProbePaths): Promise<RungFacts> {
  const bytes = (await stat(path)).size
  const sha256 = await sha256Of(path)
  const output = await readFfprobeJson(path, { ...probe, label: `check ${path}` })
  const video = output.streams?.find((s) => s.codec_type === 'video')
  const frames = Number(video?.nb_frames ?? 0)
  const durationSeconds = Number(video?.duration ?? output.format?.duration ?? 0)
  return { bytes, sha256, frames, durationSeconds }
}

/** What a chunk's files hold, or a plain reason why they cannot be its output. */
export async function measureChunk(workDir: string, chunk: ChunkJob, probe: ProbePaths): Promise<Record<string, RungFacts>> {
  const rungs: Record<string, RungFacts> = {}
  for (const id of chunkOutputIds(chunk)) {
    const path = join(workDir, chunkRungFile(chunk, id))
    rungs[id] = await measureRung(path, probe).catch((error: unknown) => {
      if (probe.signal?.aborted) throw error
      throw new StudioError('FFMPEG_FAILED', `Chunk ${chunk.index + 1} has no readable ${id} file: ${error instanceof Error ? error.message : String(error)}`)
    })
  }
  return rungs
}

/**
 * Every rung present, the same number of frames in each (one decode fed them all), that number
 * being the chunk's own at a constant frame rate, and its duration the chunk's within a frame
 * or two (the last chunk ends with the source, whose stated length can be off by a frame).
 */
export function chunkProblems(chunk: ChunkJob, rungs: Record<string, RungFacts>, frameRate: number): string[] {
  const problems: string[] = []
  const counts = chunkOutputIds(chunk).map((id) => rungs[id]?.frames ?? 0)
  for (const [i, id] of chunkOutputIds(chunk).entries()) {
    if (!rungs[id] || counts[i] === 0) problems.push(`${id} has no frames`)
  }
  if (new Set(counts).size > 1) problems.push(`rungs hold different frame counts (${counts.join(', ')})`)
  if (chunk.expectedFrames !== undefined && counts.some((n) => n !== chunk.expectedFrames)) {
    problems.push(`expected ${chunk.expectedFrames} frames, found ${counts.join(', ')}`)
  }
  const tolerance = 2 / Math.max(1, frameRate) + 0.05
  for (const id of chunkOutputIds(chunk)) {
    const duration = rungs[id]?.durationSeconds ?? 0
    if (rungs[id] && Math.abs(duration - chunk.durationSeconds) > tolerance) {
      problems.push(`${id} lasts ${duration.toFixed(3)} s, the chunk ${chunk.durationSeconds.toFixed(3)} s`)
    }
  }
  return problems
}

export async function readCheckpoints(workDir: string): Promise<ChunkRecord[]> {
  const text = await readFile(join(workDir, CHECKPOINT_FILE), 'utf8').catch(() => undefined)
  if (!text) return []
  try {
    const parsed = JSON.parse(text) as Partial<CheckpointFile>
    return parsed.version === 1 && Array.isArray(parsed.chunks) ? parsed.chunks : []
  } catch {
    // A file cut short by the crash itself: every chunk is redone, none is trusted.
    return []
  }
}

/** Writes per checkpoint file, one after another: chunks that finish together must not share a temporary file. */
const writing = new Map<string, Promise<void>>()

/**
 * Written whole, then renamed over the old one: a crash mid-write leaves the last good record.
 * Writes are queued in call order, so the last one to land holds the newest records.
 */
export async function writeCheckpoints(workDir: string, records: readonly ChunkRecord[]): Promise<void> {
  const body: CheckpointFile = { version: 1, chunks: [...records].sort((a, b) => a.index - b.index) }
  const path = join(workDir, CHECKPOINT_FILE)
  const temporary = `${path}.${process.pid}.tmp`
  const write = async (): Promise<void> => {
    await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`)
    await rename(temporary, path)
  }
  const next = (writing.get(path) ?? Promise.resolve()).catch(() => undefined).then(write)
  writing.set(path, next)
  try {
    await next
  } finally {
    if (writing.get(path) === next) writing.delete(path)
  }
}

/** A recorded chunk whose files still hold exactly what was recorded (bytes, hash and frames). */
export async function recordStillHolds(workDir: string, chunk: ChunkJob, record: ChunkRecord, key: string, probe: ProbePaths): Promise<boolean> {
  if (record.key !== key) return false
  const measured = await measureChunk(workDir, chunk, probe).catch(() => undefined)
  if (!measured) return false
  return chunkOutputIds(chunk).every((id) => {
    const was = record.rungs[id]
    const now = measured[id]
    return was && now && was.bytes === now.bytes && was.sha256 === now.sha256 && was.frames === now.frames
  })
}
