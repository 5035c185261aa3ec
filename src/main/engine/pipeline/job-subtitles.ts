import { basename, join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan, SubtitlePlan } from '@shared/plan'
import type { EncodeSettings } from '@shared/settings'
import type { SubtitleRendition } from '../hls/master'
import { readMediaPlaylist } from '../hls/media-playlist'
import { PLAYLIST_NAME } from '../media/encode-args'
import { readFirstVideoPtsSeconds } from '../media/stream-facts'
import type { Cue } from '../media/subtitles/cues'
import { readSubtitleFile } from '../media/subtitles/subtitle-file'
import { checkAssComplexity, clipCuesToDuration } from '../media/subtitles/subtitle-limits'
import { loadCues, prepareBurnIn, type BurnInSetup } from '../media/subtitles/subtitle-work'
import { readEmbeddedSubtitles } from '../media/subtitles/embedded-tracks'
import type { MediaToolkit } from '../media/toolkit'
import type { EmbeddedTrackCues } from '../media/subtitles/embedded-tracks'
import { SUBTITLE_FOLDER, subtitleTrackName, writeWebVttRendition } from '../media/subtitles/webvtt-rendition'
import { uniqueNames } from '../media/track-plan'
import { parseSubtitleName } from '../sources/folder-walk'

export interface SubtitleRequest {
  path: string
  burn: boolean
  language: string
}

/** `--subtitles FILE` wins; otherwise the first sidecar found beside the source (`clip.fr.srt`), soft. */
export function subtitleRequestFor(settings: EncodeSettings, sidecars: readonly string[] = []): SubtitleRequest | undefined {
  if (settings.subtitles) return { ...settings.subtitles }
  const sidecar = sidecars[0]
  if (!sidecar) return undefined
  return { path: sidecar, burn: false, language: parseSubtitleName(sidecar).language ?? 'und' }
}

export interface JobSubtitles {
  plan: SubtitlePlan
  cues: Cue[]
  /** Size of the subtitle text: its WebVTT rendition may grow only so far beyond it. */
  textBytes: number
  burnIn?: BurnInSetup
}

/** Reads, converts and checks the subtitles before any encoding starts, so a bad file fails fast. */
export async function prepareJobSubtitles(
  request: SubtitleRequest,
  workDir: string,
  ffmpegPath: string,
  durationSeconds: number,
  signal?: AbortSignal,
  /** Also set up burning for the MP4 download, while the rungs carry the track soft. */
  burnDownload = false
): Promise<JobSubtitles> {
  const subtitle = await readSubtitleFile(request.path)
  const burn = request.burn || burnDownload
  if (burn && subtitle.format === 'ass') checkAssComplexity(basename(request.path), subtitle.text, durationSeconds)
  const cues = clipCuesToDuration(await loadCues(subtitle, workDir, ffmpegPath, signal), durationSeconds)
  const plan: SubtitlePlan = {
    source: request.path,
    format: subtitle.format,
    encoding: subtitle.encoding,
    mode: request.burn ? 'burn' : 'soft',
    language: request.language
  }
  const textBytes = Buffer.byteLength(subtitle.text, 'utf8')
  return { plan, cues, textBytes, burnIn: burn ? await prepareBurnIn(workDir, subtitle) : undefined }
}

/** One WebVTT rendition to write: a sidecar file's cues or an embedded track's. */
export interface SoftSubtitleTrack {
  cues: Cue[]
  language: string
  name?: string
  forced?: boolean
  /** Folder in the package: `subs` for the sidecar, `subs-<n>` for embedded track n. */
  folder: string
  /** What the cues came from (a file name, or "subtitle track 2") and its text size: the rendition may grow only so far beyond it. */
  sourceName: string
  textBytes: number
}

/** The sidecar, then the embedded text tracks, as the renditions of the subtitle group (names kept unique). */
export function softSubtitleTracks(sidecar: JobSubtitles | undefined, embedded: readonly EmbeddedTrackCues[]): SoftSubtitleTrack[] {
  const tracks: SoftSubtitleTrack[] = []
  if (sidecar?.plan.mode === 'soft') {
    tracks.push({ cues: sidecar.cues, language: sidecar.plan.language, folder: SUBTITLE_FOLDER, sourceName: basename(sidecar.plan.source), textBytes: sidecar.textBytes })
  }
  for (const { track, cues, textBytes } of embedded) {
    const folder = `${SUBTITLE_FOLDER}-${track.track}`
    tracks.push({ cues, language: track.language, name: track.name, forced: track.forced, folder, sourceName: `subtitle track ${track.track}`, textBytes })
  }
  const names = uniqueNames(tracks.map((t) => t.name ?? subtitleTrackName(t.language)))
  return tracks.map((t, i) => ({ ...t, name: names[i] }))
}

/** The WebVTT renditions, segmented on the top rung's boundaries (all rungs share them). */
export async function writeSoftSubtitles(
  workDir: string,
  plan: EncodePlan,
  tracks: readonly SoftSubtitleTrack[],
  binaries: { ffmpegPath: string; ffprobePath: string },
  signal?: AbortSignal
): Promise<SubtitleRendition[]> {
  if (tracks.length === 0) return []
  const rung = plan.video!.rungs[0]!
  const facts = await readMediaPlaylist(workDir, `${rung.id}/${PLAYLIST_NAME}`)
  const firstVideoPtsSeconds = await readFirstVideoPtsSeconds({
    ...binaries,
    initPath: facts.init ? join(workDir, facts.init.path) : undefined,
    segmentPath: join(workDir, facts.segments[0]!.path),
    signal
  })
  const renditions: SubtitleRendition[] = []
  for (const track of tracks) {
    renditions.push(
      await writeWebVttRendition({
        packageDir: workDir,
        cues: track.cues,
        segmentDurations: facts.segments.map((s) => s.durationSeconds),
        firstVideoPtsSeconds,
        language: track.language,
        folder: track.folder,
        name: track.name,
        forced: track.forced,
        sourceName: track.sourceName,
        textBytes: track.textBytes
      })
    )
  }
  return renditions
}

export interface JobSubtitleSetup {
  plan: EncodePlan
  /** The subtitles drawn into the picture: the sidecar with `--burn`, or `--burn-track N`. */
  burnIn?: BurnInSetup
  /** The sidecar drawn into the MP4 download alone (`--mp4 --burn`): the rungs keep it soft. */
  downloadBurnIn?: BurnInSetup
  /** The WebVTT renditions to write once the video is encoded. */
  soft: SoftSubtitleTrack[]
}

export interface JobSubtitleInput {
  plan: EncodePlan
  info: MediaInfo
  settings: EncodeSettings
  sidecars?: readonly string[]
  workDir: string
  toolkit: MediaToolkit
  signal?: AbortSignal
  warn: (message: string) => void
}

function requireLibass(toolkit: MediaToolkit): void {
  if (toolkit.capabilities.filters.includes('subtitles')) return
  throw new StudioError(
    'INVALID_INPUT',
    `This ffmpeg cannot burn subtitles in (it was built without libass): ${toolkit.binaries.ffmpeg.path}. Add them as a track instead, or use another ffmpeg.`
  )
}

/**
 * Every subtitle of a job, read and checked before encoding so a bad file fails fast: the
 * sidecar (`--subtitles FILE` or one found beside the source) and the source's own text tracks.
 */
export async function prepareSubtitlesForJob(input: JobSubtitleInput): Promise<JobSubtitleSetup> {
  const { toolkit, workDir, signal } = input
  let plan = input.plan
  const request = subtitleRequestFor(input.settings, input.sidecars)
  const burnTrack = plan.embeddedSubtitles?.some((t) => t.mode === 'burn')
  if (request?.burn && burnTrack) {
    throw new StudioError('INVALID_INPUT', 'Only one subtitle track can be burned in: use --burn with --subtitles, or --burn-track, not both.')
  }
  if (plan.kind === 'audio') {
    if (request) input.warn(`Subtitles are not added to an audio-only package (${request.path}).`)
    return { plan, soft: [] }
  }
  // The MP4 burns the sidecar only when the rungs burn nothing; otherwise it shares their burned picture.
  const burnDownload = Boolean(plan.download?.burnSubtitles && request && !request.burn && !burnTrack)
  if (plan.download?.burnSubtitles && !request && !burnTrack) input.warn('The MP4 download has no subtitles to burn in: give a subtitle file (--subtitles FILE).')
  if (request?.burn || burnTrack || burnDownload) requireLibass(toolkit)
  let sidecar: JobSubtitles | undefined
  if (request) {
    sidecar = await prepareJobSubtitles(request, workDir, toolkit.binaries.ffmpeg.path, input.info.durationSeconds, signal, burnDownload)
    plan = { ...plan, subtitles: sidecar.plan }
  }
  const duration = input.info.durationSeconds
  const embedded = await readEmbeddedSubtitles(input.info.path, plan.embeddedSubtitles ?? [], workDir, toolkit.binaries.ffmpeg.path, signal)
  // The source's own tracks get the same limits as a sidecar file (see subtitle-limits.ts).
  for (const track of embedded.soft) track.cues = clipCuesToDuration(track.cues, duration)
  if (embedded.burn) checkAssComplexity(`the burned subtitle track of ${basename(input.info.path)}`, embedded.burn.text, duration)
  for (const track of embedded.empty) input.warn(`Subtitle track ${track.track} (${track.name}) holds no cues, so it was left out.`)
  if (burnDownload) return { plan, downloadBurnIn: sidecar?.burnIn, soft: softSubtitleTracks(sidecar, embedded.soft) }
  const burnIn = sidecar?.burnIn ?? (embedded.burn ? await prepareBurnIn(workDir, embedded.burn) : undefined)
  return { plan, burnIn, soft: softSubtitleTracks(sidecar, embedded.soft) }
}
