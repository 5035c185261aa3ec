import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { Job, PublishedLocation } from '@shared/job'
import { readPackageManifest } from '../hls/package-manifest'
import type { MediaToolkit } from '../media/toolkit'
import { encodeJob, packageDirFor, removeJobOutput, type EncodeJobRequest } from '../pipeline/encode-job'
import type { EarlyUpload } from '../storage/early-upload'
import type { Publisher } from '../storage/publisher'
import type { AddressRule } from '../sources/address-guard'
import { downloadUrl } from '../sources/url-download'
import { fileNameFromUrl } from '../sources/url-source'
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
}

interface EarlySegments {
  createdAt: Date
  upload(folder: string): Pick<EarlyUpload, 'add'>
  settle(): Promise<void>
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
    const request: EncodeJobRequest = {
      jobId: job.id,
      slug: job.slug,
      title: job.title,
      inputPath,
      outputRoot: job.outputDir,
      settings: job.settings,
      sidecarSubtitles: job.sidecarSubtitles,
      signal: context.signal,
      onStage: (stage) => {
        if (stage === 'ENCODING') context.enterEncoding()
      },
      onProgress: ({ percent, stage: _stage, ...details }) => context.progress(Math.min(1, percent / ENCODE_REPORTED_END), details),
      onLog: (line, level) => context.log(line, level)
    }
    const early = await this.startEarlyUpload(job, context)
    if (early) {
      request.createdAt = early.createdAt
      request.onSegmentsFinal = (paths, partialDir) => early.upload(partialDir).add(paths)
      request.beforePackageMoves = async () => void (await early.settle())
    }
    const result = await encodeJob(toolkit, request).finally(() => early?.settle())
    return { outputs: result.outputs, probe: result.info, plan: result.plan, warnings: result.manifest.warnings }
  }

  /**
   * A job with a target sends the segments of finished chunks while later chunks encode; the
   * UPLOADING stage then sends the rest (playlists and master last) and skips what is there.
   * A target that cannot be reached now is no reason to stop: the upload stage says why.
   */
  private async startEarlyUpload(job: Job, context: StageContext): Promise<EarlySegments | undefined> {
    const publisher = this.options.publisher
    if (!job.target || !publisher?.startEarlyUpload) return undefined
    const createdAt = new Date()
    const targetName = job.target
    let started: Promise<EarlyUpload | undefined> | undefined
    const upload = (folder: string): Promise<EarlyUpload | undefined> =>
      (started ??= publisher
        .startEarlyUpload!({ job, targetName, createdAt: createdAt.toISOString(), folder, signal: context.signal, onLog: (line, level) => context.log(line, level) })
        .catch((error: unknown) => {
          context.log(`Segments are not uploaded while encoding: ${error instanceof Error ? error.message : String(error)}`, 'warn')
          return undefined
        }))
    return {
      createdAt,
      upload: (folder) => ({ add: (paths) => void upload(folder).then((u) => u?.add(paths)) }),
      settle: async () => {
        const u = await started
        const result = await u?.settle()
        if (result && result.uploaded + result.failed > 0) context.log(`${result.uploaded} segments uploaded while encoding${result.failed ? `, ${result.failed} left for the upload stage` : ''}.`, 'info')
      }
    }
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
