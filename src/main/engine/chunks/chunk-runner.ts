import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { FfmpegProgress } from '../media/progress'
import { runMediaProcess } from '../media/runner'
import type { ChunkJob } from './chunk-job'

export interface ChunkRunContext {
  /** The job's partial folder: every path in the chunk's arguments is relative to it. */
  workDir: string
  signal?: AbortSignal
  env?: Record<string, string>
  timeoutMs?: number
  onProgress?: (progress: FfmpegProgress) => void
  onLog?: (line: string) => void
}

/**
 * Runs one chunk somewhere: in this process (the default), or on a worker that takes it from a
 * queue (issue 12). It resolves once every rung file of the chunk is written; checking them is
 * the caller's job, so a runner is trusted with nothing.
 */
/** Who ran a chunk, when a runner knows (a queue does; ffmpeg in this process says nothing). */
export interface ChunkRunReport {
  worker: string
  attempts: number
  /** The video encoder the worker used (its own, or libx264 after its own failed). */
  encoder?: string
}

export interface ChunkRunner {
  run(chunk: ChunkJob, context: ChunkRunContext): Promise<ChunkRunReport | void>
  /**
   * Chunks to hand it at once, when it decides rather than this machine's cores: a queue
   * that workers take from wants every chunk at once (absent: --parallel-chunks).
   */
  readonly lanes?: (chunkCount: number) => number
}

export interface InProcessChunkRunnerOptions {
  ffmpegPath: string
  stallTimeoutMs?: number
}

/** ffmpeg as a child of this process, in the partial folder. */
export class InProcessChunkRunner implements ChunkRunner {
  constructor(private readonly options: InProcessChunkRunnerOptions) {}

  async run(chunk: ChunkJob, context: ChunkRunContext): Promise<void> {
    await mkdir(join(context.workDir, chunk.folder), { recursive: true })
    context.onLog?.(`ffmpeg ${chunk.args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`)
    await runMediaProcess({
      binary: this.options.ffmpegPath,
      args: chunk.args,
      cwd: context.workDir,
      env: context.env,
      label: `encode chunk ${chunk.index + 1}`,
      signal: context.signal,
      stallTimeoutMs: this.options.stallTimeoutMs ?? 180_000,
      timeoutMs: context.timeoutMs,
      onStderrLine: context.onLog,
      onProgress: context.onProgress
    })
  }
}
