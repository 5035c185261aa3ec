import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { Job, JobProgress, PublishedLocation } from '@shared/job'
import { readPackageManifest } from '../hls/package-manifest'
import type { MediaToolkit } from '../media/toolkit'
import { encodeJob, packageDirFor, removeJobOutput, type EncodeJobRequest } from '../pipeline/encode-job'
import type { ChunkRunner } from '../chunks/chunk-runner'
import type { Publisher } from '../storage/publisher'
import type { AddressRule } from '../sources/address-guard'
import { downloadUrl } from '../sources/url-download'
import { fileNameFromUrl } from '../sources/url-source'
import { earlySegmentsFor } from './early-segments'
import type { EncodedPackage, JobWork, StageContext } from './job-work'

export interface DownloadLimits {
  maxBytes?: number
  responseTimeoutMs?: number
  idleTimeoutMs?: number
  /** Serve (unless --allow-private-urls): URL sources reach public addresses only. */
  addressAllowed?: AddressRule
}

export interface PipelineWorkOptions {
  /** Loaded on first use: a queue that only lists jobs never starts ffmpeg. */
  toolkit: () => Promise<MediaToolkit>
  publisher?: Publisher
  /** The data dir's work folder: downloads live in `<workDir>/<jobId>/`. */
  workDir: string
  download?: DownloadLimits
  /** Where chunks of long videos run (e.g. workers on a BullMQ queue); default: in this process. */
  chunkRunner?: ChunkRunner
}

/** Encode reports 0–97 % for probe, encode and packaging together (see encode-job.ts). */
const ENCODE_REPORTED_END = 97

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false)
}

/** The production lanes: HTTP download, the ffmpeg encode pipeline, and the storage publisher. */
export class PipelineWork implements JobWork {
  constructor(private readonly options: PipelineWorkOptions) {}

  private downloadDir(job: Job): string {
    return join(this.options.workDir, job.id)
  }

  async download(job: Job, context: StageContext): Promise<string> {
    if (job.source.kind !== 'url') throw new StudioError('INTERNAL', `Job ${job.id} has no URL to download.`)
    const result = await downloadUrl({
      url: job.source.url,
      destination: join(this.downloadDir(job), fileNameFromUrl(job.source.url)),
      signal: context.signal,
      ...this.options.download,
      onLog: (line, level) => context.log(line, level),
      onProgress: (p) =>
        context.progress(p.totalBytes ? p.transferredBytes / p.totalBytes : 0, { transferredBytes: p.transferredBytes, totalBytes: p.totalBytes })
    })
    context.log(`downloaded ${result.bytes} bytes${result.resumes ? ` (resumed ${result.resumes}×)` : ''}`, 'info')
    return result.path
  }

  async encode(job: Job, context: StageContext): Promise<EncodedPackage> {
    const inputPath = job.source.kind === 'file' ? job.source.path : job.downloadedPath
    if (!inputPath) throw new StudioError('INTERNAL', `Job ${job.id} has no local file to encode.`)
    const toolkit = await this.options.toolkit()
    // The encode's last report, shown again with the upload's count whenever a segment lands.
    let latest: { fraction: number; details: Omit<JobProgress, 'percent' | 'stage'> } = { fraction: 0, details: {} }
    const show = (): void => {
      const { fraction, details } = latest
      // totalSegments comes with a chunked encode whose segments upload as it goes.
      const uploaded = early && details.totalSegments !== undefined ? { completedSegments: early.uploadedSegments() } : {}
      context.progress(fraction, { ...details, ...uploaded })
    }
    const early = earlySegmentsFor(this.options.publisher, job, context, () => show())
    const request: EncodeJobRequest = {
      jobId: job.id,
      slug: job.slug,
      title: job.title,
      inputPath,
      outputRoot: job.outputDir,
      settings: job.settings,
      sidecarSubtitles: job.sidecarSubtitles,
      chunkRunner: this.options.chunkRunner,
      signal: context.signal,
      onStage: (stage) => {
        if (stage === 'ENCODING') context.enterEncoding()
      },
      onProgress: ({ percent, stage: _stage, ...details }) => {
        latest = { fraction: Math.min(1, percent / ENCODE_REPORTED_END), details }
        show()
      },
      onLog: (line, level) => context.log(line, level)
    }
    if (early) {
      request.createdAt = early.createdAt
      request.onSegmentsFinal = (paths, partialDir) => early.upload(partialDir).add(paths)
      request.beforePackageMoves = () => early.settle()
    }
    const result = await encodeJob(toolkit, request).finally(() => early?.settle())
    return { outputs: result.outputs, probe: result.info, plan: result.plan, warnings: result.manifest.warnings }
  }

  async checkTarget(targetName: string): Promise<void> {
    await this.publisherFor(targetName).checkTarget?.(targetName)
  }

  private publisherFor(targetName: string): Publisher {
    if (this.options.publisher) return this.options.publisher
    throw new StudioError(
      'INVALID_INPUT',
      `This job should be published to "${targetName}", but publishing is not set up in this studio. ` +
        'The encoded package is kept on disk: set up the target and retry the upload.'
    )
  }

  async upload(job: Job, context: StageContext): Promise<PublishedLocation> {
    if (!job.target) throw new StudioError('INTERNAL', `Job ${job.id} has no storage target.`)
    const publisher = this.publisherFor(job.target)
    if (!job.outputs || !(await this.outputIntact(job))) {
      throw new StudioError('FILE_NOT_FOUND', `The local package of this job is missing, so there is nothing to upload. Retry the job to encode it again.`)
    }
    const manifest = await readPackageManifest(job.outputs.manifest)
    // Stopped while reading the manifest: a publisher handed an already-aborted signal may never notice.
    if (context.signal.aborted) throw new StudioError('CANCELLED', 'Upload cancelled.')
    return publisher.publish({
      job,
      packageDir: job.outputs.dir,
      manifest,
      targetName: job.target,
      signal: context.signal,
      onLog: (line, level) => context.log(line, level),
      onProgress: (p) =>
        context.progress(p.totalBytes > 0 ? p.transferredBytes / p.totalBytes : p.totalSegments > 0 ? p.completedSegments / p.totalSegments : 0, p)
    })
  }

  async outputIntact(job: Job): Promise<boolean> {
    if (!job.outputs) return false
    return (await exists(job.outputs.masterPlaylist)) && (await exists(job.outputs.manifest))
  }

  async discardOutput(job: Job, options?: { keepCheckpoints?: boolean }): Promise<void> {
    await removeJobOutput(packageDirFor(job.outputDir, job.slug, job.id), options)
  }

  async discardDownload(job: Job): Promise<void> {
    if (job.source.kind === 'url') await rm(this.downloadDir(job), { recursive: true, force: true })
  }
}
