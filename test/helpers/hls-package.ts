/**
 * Synthetic HLS packages for storage tests and the upload benchmark: the layout, playlists
 * and job.json the encoder writes, with random bytes for segments. Uploading never looks
 * inside a segment, so no ffmpeg is needed; playback tests use a real encode instead.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Job, PackageManifest } from '../../src/shared/job'
import { resolveEncodeSettings } from '../../src/shared/settings'
import { listPackageFiles, MANIFEST_FILE, MASTER_PLAYLIST } from '../../src/main/engine/hls/package-files'

export interface SyntheticPackageOptions {
  jobId?: string
  slug?: string
  title?: string
  variants?: number
  segmentsPerVariant?: number
  /** Bytes of each segment; a function gives each its own size. */
  segmentBytes?: number | ((variant: number, segment: number) => number)
  segmentFormat?: 'ts' | 'fmp4'
  /** One extra large file (e.g. a single-file fMP4 rendition), written sparse and fast. */
  largeFile?: { path: string; bytes: number }
  /** Image files, as the media work adds them. */
  images?: string[]
}

export interface SyntheticPackage {
  packageDir: string
  manifest: PackageManifest
  job: Job
}

async function writeRandom(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w')
  try {
    const chunk = 4 * 1024 * 1024
    for (let written = 0; written < bytes; written += chunk) await handle.write(randomBytes(Math.min(chunk, bytes - written)))
  } finally {
    await handle.close()
  }
}

/** Random head and tail around a sparse middle: the disk holds little, the bytes still differ. */
async function writeLarge(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w')
  try {
    await handle.truncate(bytes)
    const edge = Math.min(1024 * 1024, bytes)
    await handle.write(randomBytes(edge), 0, edge, 0)
    await handle.write(randomBytes(edge), 0, edge, bytes - edge)
  } finally {
    await handle.close()
  }
}

export function testJob(overrides: Partial<Job> & { id: string; slug: string; title: string; outputDir: string }): Job {
  const now = new Date('2026-01-15T10:00:00.000Z').toISOString()
  return {
    source: { kind: 'file', path: '/nonexistent/source.mp4' },
    resourceType: 'video',
    settings: resolveEncodeSettings(),
    status: 'UPLOADING',
    priority: 0,
    attempts: 1,
    warnings: [],
    createdAt: now,
    updatedAt: now,
    progress: { percent: 97, stage: 'UPLOADING' },
    ...overrides
  }
}

export async function writeSyntheticPackage(outputRoot: string, options: SyntheticPackageOptions = {}): Promise<SyntheticPackage> {
  // The id format job.json is validated against (package-manifest.ts): job-<uuid>.
  const jobId = options.jobId ?? `job-${randomUUID()}`
  const slug = options.slug ?? 'synthetic'
  const title = options.title ?? 'Synthetic package'
  const variants = options.variants ?? 2
  const segments = options.segmentsPerVariant ?? 5
  const fmp4 = options.segmentFormat === 'fmp4'
  const sizeOf = typeof options.segmentBytes === 'function' ? options.segmentBytes : () => (options.segmentBytes as number | undefined) ?? 64 * 1024
  const packageDir = join(outputRoot, slug, jobId)
  await mkdir(packageDir, { recursive: true })

  const master = ['#EXTM3U', `#EXT-X-VERSION:${fmp4 ? 7 : 3}`, '#EXT-X-INDEPENDENT-SEGMENTS']
  for (let v = 0; v < variants; v++) {
    const dir = join(packageDir, `v${v}`)
    await mkdir(dir, { recursive: true })
    const media = ['#EXTM3U', `#EXT-X-VERSION:${fmp4 ? 7 : 3}`, '#EXT-X-TARGETDURATION:6', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-INDEPENDENT-SEGMENTS']
    if (fmp4) {
      await writeRandom(join(dir, 'init.mp4'), 1200)
      media.push('#EXT-X-MAP:URI="init.mp4"')
    }
    for (let s = 0; s < segments; s++) {
      const name = `seg_${String(s).padStart(3, '0')}.${fmp4 ? 'm4s' : 'ts'}`
      await writeRandom(join(dir, name), sizeOf(v, s))
      media.push('#EXTINF:6.000000,', name)
    }
    media.push('#EXT-X-ENDLIST')
    await writeFile(join(dir, 'index.m3u8'), `${media.join('\n')}\n`)
    const height = 1080 - v * 360
    master.push(`#EXT-X-STREAM-INF:BANDWIDTH=${5_000_000 - v * 1_000_000},AVERAGE-BANDWIDTH=${4_000_000 - v * 1_000_000},CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=${Math.round((height * 16) / 9)}x${height}`, `v${v}/index.m3u8`)
  }
  await writeFile(join(packageDir, MASTER_PLAYLIST), `${master.join('\n')}\n`)
  if (options.largeFile) {
    await mkdir(join(packageDir, ...options.largeFile.path.split('/').slice(0, -1)), { recursive: true })
    await writeLarge(join(packageDir, ...options.largeFile.path.split('/')), options.largeFile.bytes)
  }
  for (const image of options.images ?? []) {
    await mkdir(join(packageDir, ...image.split('/').slice(0, -1)), { recursive: true })
    await writeRandom(join(packageDir, ...image.split('/')), 20_000)
  }

  const files = await listPackageFiles(packageDir)
  const createdAt = '2026-01-15T10:00:00.000Z'
  const manifest: PackageManifest = {
    version: 1,
    jobId,
    slug,
    title,
    createdAt,
    source: { path: '/nonexistent/source.mp4', sizeBytes: 1 },
    probe: { path: '/nonexistent/source.mp4', container: 'mov,mp4', durationSeconds: segments * 6, sizeBytes: 1, audioStreamCount: 0, subtitles: [], tags: {} },
    plan: { kind: 'video', segmentSeconds: 6, keyframeSeconds: 2, segmentFormat: fmp4 ? 'fmp4' : 'ts', audioRungs: [], warnings: [], treatments: [] },
    variants: [],
    masterPlaylist: MASTER_PLAYLIST,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    warnings: []
  }
  await writeFile(join(packageDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  const job = testJob({ id: jobId, slug, title, outputDir: outputRoot, createdAt })
  return { packageDir, manifest, job }
}
