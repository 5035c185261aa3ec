import type { OnLog } from '@shared/log-levels'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { readMediaPlaylist } from '../hls/media-playlist'
import { PLAYLIST_NAME } from '../media/encode-args'
import type { RungSegments } from '../media/images/image-plan'
import { makeVideoImages } from '../media/images/make-images'

/** Each rung's segments as written, for cutting pictures out of them. */
async function rungSegments(workDir: string, plan: EncodePlan): Promise<RungSegments[]> {
  const rungs: RungSegments[] = []
  for (const rung of plan.video?.rungs ?? []) {
    const playlist = `${rung.id}/${PLAYLIST_NAME}`
    const facts = await readMediaPlaylist(workDir, playlist)
    rungs.push({
      id: rung.id,
      width: rung.width,
      height: rung.height,
      playlist,
      init: facts.init?.path,
      segments: facts.segments.map((s) => ({ path: s.path, durationSeconds: s.durationSeconds }))
    })
  }
  return rungs
}

/** Poster, grid and storyboard of a video package (an audio package's waveform comes with its encode). */
export async function makeJobImages(
  workDir: string,
  plan: EncodePlan,
  info: MediaInfo,
  ffmpegPath: string,
  options: { signal?: AbortSignal; onLog?: OnLog } = {}
): Promise<string[]> {
  if (plan.kind !== 'video') return []
  const rungs = await rungSegments(workDir, plan)
  const durationSeconds = rungs[0]!.segments.reduce((sum, s) => sum + s.durationSeconds, 0) || info.durationSeconds
  const result = await makeVideoImages({
    ffmpegPath,
    packageDir: workDir,
    rungs,
    durationSeconds,
    keyframeSeconds: plan.keyframeSeconds,
    signal: options.signal,
    onLog: options.onLog
  })
  return result.files
}
