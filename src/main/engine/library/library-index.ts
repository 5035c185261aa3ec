import { stat } from 'node:fs/promises'
import type { LibraryCollection, LibraryItem } from '@shared/app'
import type { Job, PackageManifest } from '@shared/job'
import { MASTER_PLAYLIST } from '../hls/package-files'
import { GRID_FILE, POSTER_FILE, STORYBOARD_VTT_FILE, WAVEFORM_FILE } from '../media/images/image-args'
import { SPECTROGRAM_FILE } from '../media/images/spectrogram-args'
import { downloadPathFor } from '../media/mp4-download-args'
import { PackageScanner, type PackageOnDisk } from './package-scan'

export interface LibraryIndexOptions {
  jobs: () => Job[]
  /** Folders packages land in: the output folder of Settings and those jobs named. */
  outputRoots: () => string[]
  /** Where the player loads a local package from: `<base>/<jobId>/…` (studio-media:// or /media). */
  mediaBaseUrl: string
  visibilityOf: (targetName: string) => Promise<'public' | 'private' | undefined>
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false)
}

function thumbnailsOf(manifest: PackageManifest): LibraryItem['thumbnails'] {
  const has = new Set(manifest.files.map((f) => f.path))
  const pick = (path: string): string | undefined => (has.has(path) ? path : undefined)
  return { poster: pick(POSTER_FILE), grid: pick(GRID_FILE), storyboardVtt: pick(STORYBOARD_VTT_FILE), waveform: pick(WAVEFORM_FILE), spectrogram: pick(SPECTROGRAM_FILE) }
}

/**
 * The Library: every finished package, local (from job.json on disk, whether or not the queue
 * still knows the job) and published (from the job's record), grouped by slug so a title's
 * episodes and re-encodes sit together, newest first.
 */
export class LibraryIndex {
  private readonly scanner = new PackageScanner()
  /** Last scan's jobId → package folder, for media URLs of packages the queue has forgotten. */
  private scanned = new Map<string, PackageOnDisk>()

  constructor(private readonly options: LibraryIndexOptions) {}

  baseUrlOf(jobId: string): string {
    return `${this.options.mediaBaseUrl}/${jobId}`
  }

  /** The local package folder of a job, if it is on this machine. */
  async packageDirOf(jobId: string): Promise<string | undefined> {
    const job = this.options.jobs().find((j) => j.id === jobId)
    if (job?.status === 'COMPLETED' && job.outputs && (await isFolder(job.outputs.dir))) return job.outputs.dir
    const known = this.scanned.get(jobId)
    if (known && (await isFolder(known.dir))) return known.dir
    this.scanned = await this.scanner.scan(this.roots())
    return this.scanned.get(jobId)?.dir
  }

  async list(): Promise<LibraryCollection[]> {
    this.scanned = await this.scanner.scan(this.roots())
    const items = new Map<string, LibraryItem>()
    for (const pkg of this.scanned.values()) items.set(pkg.manifest.jobId, this.localItem(pkg))
    for (const job of this.options.jobs()) {
      if (job.status !== 'COMPLETED' || !job.outputs) continue
      const local = items.get(job.id) ?? (await this.packageOfJob(job))
      const item = local ?? this.publishedOnlyItem(job)
      if (!item) continue
      item.title = job.title
      if (job.outputs.published) {
        item.published = job.outputs.published
        item.visibility = await this.options.visibilityOf(job.outputs.published.target)
      }
      items.set(job.id, item)
    }
    return group([...items.values()])
  }

  private roots(): string[] {
    const jobs = this.options.jobs().map((j) => j.outputDir)
    return [...new Set([...this.options.outputRoots(), ...jobs])]
  }

  private async packageOfJob(job: Job): Promise<LibraryItem | undefined> {
    if (!job.outputs) return undefined
    const pkg = await this.scanner.readPackage(job.outputs.dir)
    return pkg ? this.localItem(pkg) : undefined
  }

  private localItem({ dir, manifest }: PackageOnDisk): LibraryItem {
    return {
      jobId: manifest.jobId,
      slug: manifest.slug,
      title: manifest.title,
      kind: manifest.variants.some((v) => v.kind === 'video') ? 'video' : 'audio',
      createdAt: manifest.createdAt,
      durationSeconds: manifest.probe?.durationSeconds ?? manifest.variants[0]?.durationSeconds ?? 0,
      local: { dir, baseUrl: this.baseUrlOf(manifest.jobId), masterPlaylist: manifest.masterPlaylist || MASTER_PLAYLIST, totalBytes: manifest.totalBytes },
      variants: manifest.variants,
      thumbnails: thumbnailsOf(manifest),
      hasSubtitles: manifest.files.some((f) => f.kind === 'subtitle'),
      download: manifest.download?.path
    }
  }

  /** A package that lives only in the bucket now (the target deletes local copies). */
  private publishedOnlyItem(job: Job): LibraryItem | undefined {
    const outputs = job.outputs
    if (!outputs?.published) return undefined
    return {
      jobId: job.id,
      slug: job.slug,
      title: job.title,
      kind: outputs.variants.some((v) => v.kind === 'video') ? 'video' : 'audio',
      createdAt: job.finishedAt ?? job.createdAt,
      durationSeconds: job.probe?.durationSeconds ?? outputs.variants[0]?.durationSeconds ?? 0,
      variants: outputs.variants,
      thumbnails: {},
      hasSubtitles: job.plan?.subtitles?.mode === 'soft',
      download: outputs.download ? downloadPathFor(job.slug) : undefined
    }
  }
}

function group(items: LibraryItem[]): LibraryCollection[] {
  const bySlug = new Map<string, LibraryItem[]>()
  for (const item of items) bySlug.set(item.slug, [...(bySlug.get(item.slug) ?? []), item])
  const collections = [...bySlug.entries()].map(([slug, list]) => {
    const sorted = list.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    return { slug, title: sorted[0]!.title, items: sorted }
  })
  return collections.sort((a, b) => b.items[0]!.createdAt.localeCompare(a.items[0]!.createdAt))
}
