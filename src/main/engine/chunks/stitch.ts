import { writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import type { EncodePlan } from '@shared/plan'
import { GLOBAL_ARGS, hlsOutputArgs, type EncodeCommand } from '../media/encode-args'
import { CHUNKS_FOLDER, chunkRungFile, type ChunkJob } from './chunk-job'

/**
 * Joining the chunks of every rung into one stream and cutting it into HLS segments, without
 * re-encoding. ffmpeg's concat demuxer runs each file on from where the one before ended, so
 * timestamps never jump and the playlists need no EXT-X-DISCONTINUITY; the hls muxer then cuts
 * at the keyframes the chunks forced, exactly where a single pass cuts.
 */

export function concatListPath(rungId: string): string {
  return `${CHUNKS_FOLDER}/${rungId}.txt`
}

/** The concat demuxer's list: paths relative to the list itself, which its "safe" mode accepts. */
export function concatList(chunks: readonly ChunkJob[], rungId: string): string {
  const lines = ['ffconcat version 1.0']
  for (const chunk of [...chunks].sort((a, b) => a.index - b.index)) {
    lines.push(`file '${posix.relative(CHUNKS_FOLDER, chunkRungFile(chunk, rungId))}'`)
  }
  return `${lines.join('\n')}\n`
}

export async function writeConcatLists(workDir: string, plan: EncodePlan, chunks: readonly ChunkJob[]): Promise<void> {
  for (const rung of plan.video?.rungs ?? []) {
    await writeFile(join(workDir, concatListPath(rung.id)), concatList(chunks, rung.id))
  }
}

/** One process joins every rung: one concat input per rung, one hls output per rung. */
export function buildStitchCommand(plan: EncodePlan): EncodeCommand {
  const rungs = plan.video?.rungs ?? []
  const args = [...GLOBAL_ARGS]
  for (const rung of rungs) args.push('-f', 'concat', '-i', concatListPath(rung.id))
  for (const [i, rung] of rungs.entries()) args.push('-map', `${i}:v:0`, '-c:v', 'copy', ...hlsOutputArgs(plan, rung.id))
  return {
    label: `join ${rungs.map((r) => r.label).join(' + ')}`,
    variantIds: rungs.map((r) => r.id),
    args
  }
}
