import type { StudioErrorValue } from '@shared/errors'
import type { JobProgress } from '@shared/job'
import { formatBytes, LINE_WIDTH, progressLine } from './format'

export interface CliStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream
}

export interface JobRef {
  jobId: string
  title: string
  slug: string
  source: string
}

export interface CompletedInfo {
  masterPlaylist: string
  outputDir: string
  totalBytes: number
  variants: Array<{ id: string; width?: number; height?: number; bandwidth: number; codecs: string }>
  warnings: string[]
  masterPlaylistUrl?: string
  /** The MP4 download (`--mp4`): its path, and its bucket URL once published. */
  download?: string
  downloadUrl?: string
}

export interface Summary {
  completed: number
  failed: number
  cancelled: number
  skipped: number
}

/** How a command tells the person (or the program) what is happening. */
export interface Reporter {
  skipped(path: string, reason: string): void
  created(job: JobRef): void
  progress(job: JobRef, progress: JobProgress): void
  completed(job: JobRef, info: CompletedInfo): void
  failed(job: JobRef, error: StudioErrorValue): void
  cancelled(job: JobRef): void
  summary(summary: Summary): void
}

/** `--json`: one object per line on stdout, nothing else there. */
export class JsonReporter implements Reporter {
  private lastEmit = new Map<string, { at: number; stage: string }>()

  constructor(
    private readonly streams: CliStreams,
    private readonly now: () => number = Date.now
  ) {}

  private emit(event: string, body: Record<string, unknown>): void {
    this.streams.stdout.write(`${JSON.stringify({ event, ...body })}\n`)
  }

  skipped(path: string, reason: string): void {
    this.emit('skipped', { path, reason })
  }
  created(job: JobRef): void {
    this.emit('job-created', { ...job })
  }
  progress(job: JobRef, p: JobProgress): void {
    // At most about 4 lines a second per job (enough to drive a UI, not a flood), but a
    // change of stage always gets through.
    const at = this.now()
    const last = this.lastEmit.get(job.jobId)
    if (last && last.stage === p.stage && at - last.at < 250) return
    this.lastEmit.set(job.jobId, { at, stage: p.stage })
    this.emit('job-update', {
      jobId: job.jobId,
      stage: p.stage,
      percent: Number(p.percent.toFixed(2)),
      currentVariant: p.currentVariant ?? null,
      variantPercent: p.variantPercent ?? null,
      fps: p.fps ?? null,
      speed: p.speed ?? null,
      etaSeconds: p.etaSeconds ?? null,
      completedChunks: p.completedChunks ?? null,
      totalChunks: p.totalChunks ?? null,
      completedSegments: p.completedSegments ?? null,
      totalSegments: p.totalSegments ?? null
    })
  }
  completed(job: JobRef, info: CompletedInfo): void {
    this.emit('job-completed', { jobId: job.jobId, title: job.title, slug: job.slug, ...info })
  }
  failed(job: JobRef, error: StudioErrorValue): void {
    this.emit('job-failed', { jobId: job.jobId, title: job.title, source: job.source, error })
  }
  cancelled(job: JobRef): void {
    this.emit('job-cancelled', { jobId: job.jobId, title: job.title })
  }
  summary(summary: Summary): void {
    this.emit('summary', { ...summary })
  }
}

/**
 * Readable progress: a redrawn line on a terminal, a line every few seconds in a log. Each line
 * fits 80 columns, names the job by its title as every other line does, and its percent never
 * goes back: the terminal follows one job at a time (the oldest still running) instead of
 * flicking between jobs that run side by side.
 */
export class HumanReporter implements Reporter {
  private lastLine = new Map<string, { at: number; percent: number }>()
  /** The highest percent shown for each running job. */
  private shownPercent = new Map<string, number>()
  /** Running jobs in the order they started reporting; the terminal line follows the first. */
  private running: string[] = []
  private drawing = false

  constructor(
    private readonly streams: CliStreams,
    private readonly now: () => number = Date.now
  ) {}

  private get tty(): boolean {
    return Boolean(this.streams.stdout.isTTY)
  }

  private print(line: string): void {
    this.endDrawing()
    this.streams.stdout.write(`${line}\n`)
  }

  private endDrawing(): void {
    if (this.drawing) this.streams.stdout.write('\n')
    this.drawing = false
  }

  private ended(job: JobRef): void {
    this.shownPercent.delete(job.jobId)
    this.lastLine.delete(job.jobId)
    this.running = this.running.filter((id) => id !== job.jobId)
  }

  skipped(path: string, reason: string): void {
    this.print(`skipped  ${path}: ${reason}`)
  }
  created(job: JobRef): void {
    this.print(`queued   ${job.title}  (${job.jobId})`)
  }
  progress(job: JobRef, p: JobProgress): void {
    const percent = Math.max(this.shownPercent.get(job.jobId) ?? 0, p.percent)
    this.shownPercent.set(job.jobId, percent)
    if (!this.running.includes(job.jobId)) this.running.push(job.jobId)
    if (this.tty) {
      if (this.running[0] !== job.jobId) return
      const others = this.running.length - 1
      const width = Math.min(LINE_WIDTH, (this.streams.stdout.columns ?? LINE_WIDTH) - 1)
      const line = progressLine(job.title, { ...p, percent }, width, others)
      // \r and clear to the end of the line: a shorter line leaves nothing of the last one.
      this.streams.stdout.write(`\r${line}\x1b[K`)
      this.drawing = true
      return
    }
    const last = this.lastLine.get(job.jobId)
    const at = this.now()
    if (last && at - last.at < 5000 && percent - last.percent < 10) return
    this.lastLine.set(job.jobId, { at, percent })
    this.print(progressLine(job.title, { ...p, percent }))
  }
  completed(job: JobRef, info: CompletedInfo): void {
    this.ended(job)
    this.print(`done     ${job.title} → ${info.masterPlaylist} (${formatBytes(info.totalBytes)})`)
    for (const v of info.variants) {
      const size = v.width && v.height ? `${v.width}x${v.height}` : 'audio'
      this.print(`           ${v.id}  ${size.padEnd(10)} ${Math.round(v.bandwidth / 1000)} kbit/s peak  ${v.codecs}`)
    }
    if (info.download) this.print(`           mp4: ${info.download}`)
    if (info.masterPlaylistUrl) this.print(`           published: ${info.masterPlaylistUrl}`)
    if (info.downloadUrl) this.print(`           published mp4: ${info.downloadUrl}`)
    for (const w of info.warnings) this.print(`           note: ${w}`)
  }
  failed(job: JobRef, error: StudioErrorValue): void {
    this.ended(job)
    this.print(`failed   ${job.title}: ${error.message}`)
  }
  cancelled(job: JobRef): void {
    this.ended(job)
    this.print(`cancelled ${job.title}`)
  }
  summary(s: Summary): void {
    this.print(`\n${s.completed} completed, ${s.failed} failed, ${s.cancelled} cancelled, ${s.skipped} skipped`)
  }
}
