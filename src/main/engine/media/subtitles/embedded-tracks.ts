import { mkdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { EmbeddedSubtitlePlan } from '@shared/plan'
import { runMediaProcess } from '../runner'
import { parseWebVtt, type Cue } from './cues'
import type { SubtitleText } from './subtitle-file'
import { WORK_FOLDER } from './subtitle-work'
import { sourceInputArgs } from '../source-input'

/** One embedded text track read out of the source, as cues on the source's timeline. */
export interface EmbeddedTrackCues {
  track: EmbeddedSubtitlePlan
  cues: Cue[]
  /** Size of the track's text as read out: its rendition may grow only so far beyond it. */
  textBytes: number
}

function trackFile(track: EmbeddedSubtitlePlan, ext: 'vtt' | 'ass'): string {
  return join(WORK_FOLDER, `track-${track.track}.${ext}`)
}

/**
 * ffmpeg arguments that write each track to the work folder in one pass over the source:
 * WebVTT for the renditions (ffmpeg decodes SubRip, ASS, mov_text and WebVTT to the same
 * events, so any of them converts), ASS for the one to burn (keeping an ASS track's styles).
 */
export function embeddedTrackArgs(inputPath: string, tracks: readonly EmbeddedSubtitlePlan[]): string[] {
  const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', ...sourceInputArgs(inputPath)]
  for (const track of tracks) {
    const burn = track.mode === 'burn'
    args.push('-map', `0:${track.streamIndex}`, '-c:s', burn ? 'ass' : 'webvtt', '-f', burn ? 'ass' : 'webvtt', trackFile(track, burn ? 'ass' : 'vtt'))
  }
  return args
}

export interface EmbeddedSubtitles {
  soft: EmbeddedTrackCues[]
  /** The track `--burn-track` chose, as an ASS file ready for the burn-in setup. */
  burn?: SubtitleText
  /** Text tracks that held no cue at all: said in the job's warnings, not fatal. */
  empty: EmbeddedSubtitlePlan[]
}

/** Reads every embedded text track the plan keeps (soft or burned) out of the source, before encoding. */
export async function readEmbeddedSubtitles(
  inputPath: string,
  tracks: readonly EmbeddedSubtitlePlan[],
  workDir: string,
  ffmpegPath: string,
  signal?: AbortSignal
): Promise<EmbeddedSubtitles> {
  const wanted = tracks.filter((t) => t.mode !== 'skipped')
  const result: EmbeddedSubtitles = { soft: [], empty: [] }
  if (wanted.length === 0) return result
  await mkdir(join(workDir, WORK_FOLDER), { recursive: true })
  await runMediaProcess({
    binary: ffmpegPath,
    args: embeddedTrackArgs(inputPath, wanted),
    cwd: workDir,
    label: `read subtitle tracks of ${basename(inputPath)}`,
    // Demuxing only: a feature film's text tracks take seconds.
    timeoutMs: 10 * 60_000,
    signal
  })
  for (const track of wanted) {
    if (track.mode === 'burn') {
      const path = join(workDir, trackFile(track, 'ass'))
      result.burn = { path, format: 'ass', text: await readFile(path, 'utf8'), encoding: 'UTF-8' }
      continue
    }
    const text = await readFile(join(workDir, trackFile(track, 'vtt')), 'utf8').catch(() => '')
    const cues = parseWebVtt(text)
    if (cues.length === 0) result.empty.push(track)
    else result.soft.push({ track, cues, textBytes: Buffer.byteLength(text, 'utf8') })
  }
  return result
}
