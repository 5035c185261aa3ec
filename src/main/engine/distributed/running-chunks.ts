import type { ChunkJob } from '../chunks/chunk-job'

/** A chunk this coordinator has on the queue right now, and where its files belong. */
export interface RunningChunk {
  workId: string
  chunk: ChunkJob
  /** The job's partial folder: the only place a worker's results are written. */
  workDir: string
  sourceBytes: number
  /** Aborted once the coordinator stops waiting for it (done, failed, cancelled): its own worker then stops too, Redis or not. */
  stopped: AbortSignal
}

/**
 * The chunks of running jobs that are on the queue now. Serve's worker routes answer only for
 * these: an id that is not here (forged, finished, another studio's) is refused.
 */
export class RunningChunks {
  private readonly byId = new Map<string, RunningChunk>()

  add(entry: RunningChunk): void {
    this.byId.set(entry.workId, entry)
  }

  remove(workId: string): void {
    this.byId.delete(workId)
  }

  get(workId: string): RunningChunk | undefined {
    return this.byId.get(workId)
  }

  get size(): number {
    return this.byId.size
  }
}
