import { basename, join } from 'node:path'
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
import { writeWebVttRendition } from '../media/subtitles/webvtt-rendition'
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
  signal?: AbortSignal
): Promise<JobSubtitles> {
  const subtitle = await readSubtitleFile(request.path)
  if (request.burn && subtitle.format === 'ass') checkAssComplexity(basename(request.path), subtitle.text, durationSeconds)
  const cues = clipCuesToDuration(await loadCues(subtitle, workDir, ffmpegPath, signal), durationSeconds)
  const plan: SubtitlePlan = {
    source: request.path,
    format: subtitle.format,
    encoding: subtitle.encoding,
    mode: request.burn ? 'burn' : 'soft',
    language: request.language
  }
  const textBytes = Buffer.byteLength(subtitle.text, 'utf8')
  return { plan, cues, textBytes, burnIn: request.burn ? await prepareBurnIn(workDir, subtitle) : undefined }
}

/** The WebVTT rendition, segmented on the top rung's boundaries (all rungs share them). */
export async function writeSoftSubtitles(
  workDir: string,
  plan: EncodePlan,
  subtitles: JobSubtitles,
  binaries: { ffmpegPath: string; ffprobePath: string },
  signal?: AbortSignal
): Promise<SubtitleRendition> {
  const rung = plan.video!.rungs[0]!
  const facts = await readMediaPlaylist(workDir, `${rung.id}/${PLAYLIST_NAME}`)
  const firstVideoPtsSeconds = await readFirstVideoPtsSeconds({
    ...binaries,
    initPath: facts.init ? join(workDir, facts.init.path) : undefined,
    segmentPath: join(workDir, facts.segments[0]!.path),
    signal
  })
  return writeWebVttRendition({
    packageDir: workDir,
    cues: subtitles.cues,
    segmentDurations: facts.segments.map((s) => s.durationSeconds),
    firstVideoPtsSeconds,
    language: subtitles.plan.language,
    sourceName: basename(subtitles.plan.source),
    textBytes: subtitles.textBytes
  })
}
