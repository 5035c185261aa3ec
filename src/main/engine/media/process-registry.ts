import type { ChildProcess } from 'node:child_process'

export interface TrackedProcess {
  child: ChildProcess
  /** What the process is for, e.g. "encode job-1234", for logs on shutdown. */
  label: string
  stop(reason?: string): void
}

/**
 * Every ffmpeg/ffprobe child the studio starts is listed here, so quitting the app
 * or the command line can stop them all instead of leaving orphans encoding.
 */
export class ProcessRegistry {
  private readonly running = new Set<TrackedProcess>()

  add(entry: TrackedProcess): () => void {
    this.running.add(entry)
    return () => this.running.delete(entry)
  }

  get size(): number {
    return this.running.size
  }

  list(): TrackedProcess[] {
    return [...this.running]
  }

  /** Asks every child to stop; resolves once all of them have exited. */
  async stopAll(reason = 'shutting down'): Promise<void> {
    const exits = [...this.running].map(
      (entry) =>
        new Promise<void>((resolve) => {
          if (entry.child.exitCode !== null || entry.child.signalCode !== null) return resolve()
          entry.child.once('exit', () => resolve())
          entry.stop(reason)
        })
    )
    await Promise.all(exits)
  }
}

/** One registry for the whole process: the shell and the command line stop it on quit. */
export const processRegistry = new ProcessRegistry()
