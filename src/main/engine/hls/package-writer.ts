import { writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { DownloadSummary, PackageManifest, RungQuality, VariantSummary } from '@shared/job'
import type { MediaInfo } from '@shared/media'
import { variantIds, type EncodePlan } from '@shared/plan'
import { PLAYLIST_NAME } from '../media/encode-args'
import { readStreamFacts } from '../media/stream-facts'
import { summarizeAudioGroup, withAudioGroup } from './audio-group'
import { renderMasterPlaylist, type MasterVariant, type SubtitleRendition } from './master'
import { measureBandwidth, readMediaPlaylist, type MediaPlaylistFacts } from './media-playlist'
import { MANIFEST_FILE, MASTER_PLAYLIST, listPackageFiles } from './package-files'

export interface WritePackageInput {
  packageDir: string
  jobId: string
  slug: string
  title: string
  info: MediaInfo
  plan: EncodePlan
  ffmpegPath: string
  ffprobePath: string
  subtitles?: SubtitleRendition[]
  /** Each video rung's measured quality (engine/quality/), by rung id. */
  quality?: ReadonlyMap<string, RungQuality>
  /** The MP4 download, checked (pipeline/job-download.ts). */
  download?: DownloadSummary
  warnings?: string[]
  signal?: AbortSignal
  now?: () => Date
}

/** Output much shorter than the source means ffmpeg hit the end of a damaged file early. */
function checkLength(info: MediaInfo, playlists: MediaPlaylistFacts[]): void {
  const produced = Math.max(...playlists.map((p) => p.durationSeconds))
  const expected = info.durationSeconds
  if (produced < expected * 0.9 - 1) {
    throw new StudioError(
      'TRUNCATED',
      `This file ends early: it says ${expected.toFixed(1)} s but only ${produced.toFixed(1)} s could be read (${basename(info.path)}). It may be incomplete or damaged.`
    )
  }
}

async function summarizeVariant(input: WritePackageInput, facts: MediaPlaylistFacts, id: string): Promise<VariantSummary> {
  const first = facts.segments[0]!
  const stream = await readStreamFacts({
    ffmpegPath: input.ffmpegPath,
    ffprobePath: input.ffprobePath,
    initPath: facts.init ? join(input.packageDir, facts.init.path) : undefined,
    segmentPath: join(input.packageDir, first.path),
    signal: input.signal
  })
  const bandwidth = measureBandwidth(facts.segments, facts.targetDuration)
  const isVideo = input.plan.kind === 'video'
  return {
    id,
    kind: isVideo ? 'video' : 'audio',
    playlist: facts.playlist,
    width: isVideo ? stream.width : undefined,
    height: isVideo ? stream.height : undefined,
    // The planned rate is exact (e.g. 30000/1001); a TS segment's probed average can drift.
    frameRate: isVideo ? (input.plan.video?.frameRate ?? stream.frameRate) : undefined,
    codecs: stream.codecs,
    bandwidth: bandwidth.peak,
    averageBandwidth: bandwidth.average,
    segmentCount: facts.segments.length,
    durationSeconds: facts.durationSeconds
  }
}

/**
 * Measures what ffmpeg wrote, writes the master playlist from those measurements,
 * and records the whole package in `job.json`.
 */
export async function writePackage(input: WritePackageInput): Promise<PackageManifest> {
  const ids = variantIds(input.plan)
  const playlists: MediaPlaylistFacts[] = []
  for (const id of ids) {
    const facts = await readMediaPlaylist(input.packageDir, `${id}/${PLAYLIST_NAME}`).catch(() => {
      throw new StudioError('FFMPEG_FAILED', `ffmpeg did not write the ${id} playlist (${basename(input.info.path)}).`)
    })
    if (facts.segments.length === 0 || !facts.endlist) {
      throw new StudioError('FFMPEG_FAILED', `The ${id} playlist is incomplete: ffmpeg stopped before the end.`)
    }
    playlists.push(facts)
  }
  checkLength(input.info, playlists)

  // Each summary probes one segment in its own process, and all only read: side by side.
  const [audio, summaries] = await Promise.all([summarizeAudioGroup(input), Promise.all(ids.map((id, i) => summarizeVariant(input, playlists[i]!, id)))])
  const variants: VariantSummary[] = summaries.map((summary, i) => {
    const withGroup = withAudioGroup(summary, audio.summaries)
    const quality = input.quality?.get(ids[i]!)
    return quality ? { ...withGroup, quality } : withGroup
  })

  const subtitleGroup = input.subtitles?.[0]?.groupId
  const audioGroup = audio.media[0]?.groupId
  const masterVariants: MasterVariant[] = variants.map((v) => ({
    uri: v.playlist,
    bandwidth: v.bandwidth,
    averageBandwidth: v.averageBandwidth,
    codecs: v.codecs,
    resolution: v.width && v.height ? { width: v.width, height: v.height } : undefined,
    frameRate: v.frameRate,
    audioGroup: v.kind === 'video' ? audioGroup : undefined,
    subtitlesGroup: v.kind === 'video' ? subtitleGroup : undefined
  }))
  await writeFile(
    join(input.packageDir, MASTER_PLAYLIST),
    renderMasterPlaylist({ variants: masterVariants, audio: audio.media, subtitles: input.subtitles, segmentFormat: input.plan.segmentFormat })
  )

  const files = (await listPackageFiles(input.packageDir)).filter((f) => f.path !== MANIFEST_FILE)
  const manifest: PackageManifest = {
    version: 1,
    jobId: input.jobId,
    slug: input.slug,
    title: input.title,
    createdAt: (input.now?.() ?? new Date()).toISOString(),
    source: { path: input.info.path, sizeBytes: input.info.sizeBytes },
    probe: input.info,
    plan: input.plan,
    variants,
    audioRenditions: audio.summaries.length > 0 ? audio.summaries : undefined,
    masterPlaylist: MASTER_PLAYLIST,
    download: input.download,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    warnings: [...input.plan.warnings, ...(input.warnings ?? [])]
  }
  await writeFile(join(input.packageDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}
