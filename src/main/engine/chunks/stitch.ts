import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import { fragmentsEnd, sampleDescription, shiftFragmentTimes } from '../hls/fmp4-retime'
import { normalizePlaylistFile } from '../hls/normalize'
import { foldRuntTail } from '../hls/segment-join'
import type { EncodePlan } from '@shared/plan'
import { GLOBAL_ARGS, hlsOutputArgs, INIT_SEGMENT_NAME, PLAYLIST_NAME, segmentExtension, TIMELINE_OFFSET_SECONDS, type EncodeCommand } from '../media/encode-args'
import { chunkRungFile, type ChunkJob } from './chunk-job'

/**
 * Each finished chunk is cut into its final HLS segments at once, without re-encoding, so they
 * can leave the machine while later chunks still encode. The hls muxer writes a chunk's
 * segments into the chunk's folder on the package's timeline (shifted by where the chunk
 * starts, so timestamps run on from chunk to chunk and no EXT-X-DISCONTINUITY is needed), and
 * cuts at the keyframes the chunk forced, exactly where a single pass cuts. The segments are
 * then moved into the rung folders under their package-wide numbers; the media playlists are
 * joined from the chunks' playlists once every chunk is done.
 */

/** Where one chunk's hls output for one rung goes before its segments take their final names. */
export function chunkSegmentFolder(chunk: Pick<ChunkJob, 'folder'>, rungId: string): string {
  return `${chunk.folder}/hls-${rungId}`
}

function chunkPlaylistPath(chunk: Pick<ChunkJob, 'folder'>, rungId: string): string {
  return `${chunkSegmentFolder(chunk, rungId)}/${PLAYLIST_NAME}`
}

/** Final file name of the package's segment number `n` (the same pattern a single pass writes). */
export function segmentFileName(plan: Pick<EncodePlan, 'segmentFormat'>, n: number): string {
  return `seg_${String(n).padStart(5, '0')}.${segmentExtension(plan)}`
}

/** One process cuts every rung of one chunk: one mp4 input per rung, one hls output per rung. */
export function buildChunkSegmentCommand(plan: EncodePlan, chunk: ChunkJob): EncodeCommand {
  const rungs = plan.video?.rungs ?? []
  const args = [...GLOBAL_ARGS]
  for (const rung of rungs) args.push('-i', chunkRungFile(chunk, rung.id))
  for (const [i, rung] of rungs.entries()) {
    const hls = hlsOutputArgs(plan, rung.id)
    // The chunk's own folder for segments and playlist, and the chunk's place on the package timeline.
    hls[hls.indexOf('-output_ts_offset') + 1] = (TIMELINE_OFFSET_SECONDS + chunk.range.startSeconds).toFixed(6)
    hls[hls.indexOf('-hls_segment_filename') + 1] = `${chunkSegmentFolder(chunk, rung.id)}/seg_%05d.${segmentExtension(plan)}`
    hls[hls.length - 1] = chunkPlaylistPath(chunk, rung.id)
    args.push('-map', `${i}:v:0`, '-c:v', 'copy', ...hls)
  }
  return { label: `segment chunk ${chunk.index + 1}`, variantIds: rungs.map((r) => r.id), args }
}

/** Empty folders for the chunk's hls outputs: what an earlier, cut-short attempt left is never reused. */
export async function prepareChunkSegmentFolders(workDir: string, plan: EncodePlan, chunk: ChunkJob): Promise<void> {
  for (const rung of plan.video?.rungs ?? []) {
    const folder = join(workDir, chunkSegmentFolder(chunk, rung.id))
    await rm(folder, { recursive: true, force: true })
    await mkdir(folder, { recursive: true })
  }
}

interface ChunkPlaylist {
  header: string[]
  targetDuration: number
  /** `#EXTINF` line and the segment's file name, in order. */
  entries: Array<{ extinf: string; uri: string }>
}

function parseChunkPlaylist(text: string, where: string): ChunkPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0)
  const header: string[] = []
  const entries: ChunkPlaylist['entries'] = []
  let targetDuration = 0
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('#EXTINF:')) {
      const uri = lines[i + 1]
      if (!uri || uri.startsWith('#')) throw new StudioError('FFMPEG_FAILED', `${where}: a segment entry has no file name`)
      entries.push({ extinf: line, uri })
      i++
    } else if (line.startsWith('#EXT-X-DISCONTINUITY')) {
      throw new StudioError('FFMPEG_FAILED', `${where}: ffmpeg marked a discontinuity inside a chunk`)
    } else if (line === '#EXT-X-ENDLIST') {
      break
    } else if (entries.length === 0) {
      if (line.startsWith('#EXT-X-TARGETDURATION:')) targetDuration = Number(line.slice('#EXT-X-TARGETDURATION:'.length))
      header.push(line)
    }
  }
  return { header, targetDuration, entries }
}

/** Per rung, where the next chunk's fMP4 segments start on the rung's decode timeline (track ticks). */
export type RungTimeline = Map<string, number>

/**
 * Makes one cut chunk's segments final: moved to their package-wide names and, for fMP4, onto
 * the timeline where the chunk before ended (so chunks are finished in order). Returns the
 * package-relative paths it made final. A chunk that is not the last must hold exactly
 * `segmentsPerChunk` segments per rung, or the numbering of the next would clash.
 */
export async function finishChunkSegments(
  workDir: string,
  plan: EncodePlan,
  chunk: ChunkJob,
  segmentsPerChunk: number,
  last: boolean,
  timeline: RungTimeline
): Promise<string[]> {
  const made: string[] = []
  const firstNumber = chunk.index * segmentsPerChunk
  for (const rung of plan.video?.rungs ?? []) {
    const folder = chunkSegmentFolder(chunk, rung.id)
    const playlist = parseChunkPlaylist(await readFile(join(workDir, chunkPlaylistPath(chunk, rung.id)), 'utf8'), `chunk ${chunk.index + 1} ${rung.id}`)
    if (playlist.entries.length === 0 || (!last && playlist.entries.length !== segmentsPerChunk)) {
      throw new StudioError(
        'FFMPEG_FAILED',
        `Chunk ${chunk.index + 1} of ${rung.id} was cut into ${playlist.entries.length} segments, not ${last ? 'at least 1' : segmentsPerChunk} (its keyframes are not where the segments start).`
      )
    }
    await mkdir(join(workDir, rung.id), { recursive: true })
    const init = plan.segmentFormat === 'fmp4' ? await rungInitSegment(workDir, rung.id, chunk) : undefined
    if (init && chunk.index === 0) made.push(`${rung.id}/${INIT_SEGMENT_NAME}`)
    for (const [n, entry] of playlist.entries.entries()) {
      const source = join(workDir, folder, entry.uri)
      const target = `${rung.id}/${segmentFileName(plan, firstNumber + n)}`
      if (init) {
        const bytes = await readFile(source)
        shiftFragmentTimes(bytes, timeline.get(rung.id) ?? 0)
        if (n === playlist.entries.length - 1) timeline.set(rung.id, fragmentsEnd(init, bytes))
        await writeFile(source, bytes)
      }
      await rename(source, join(workDir, target))
      made.push(target)
    }
  }
  return made
}

/**
 * The rung's init segment is the first chunk's. Every chunk's holds the same codec setup (one
 * encoder, one setting; only the edit list's start differs); one that differs is an error,
 * never silently mixed.
 */
async function rungInitSegment(workDir: string, rungId: string, chunk: ChunkJob): Promise<Buffer> {
  const own = await readFile(join(workDir, chunkSegmentFolder(chunk, rungId), INIT_SEGMENT_NAME))
  const path = join(workDir, rungId, INIT_SEGMENT_NAME)
  if (chunk.index === 0) {
    await writeFile(path, own)
    return own
  }
  const first = await readFile(path)
  if (!sampleDescription(own)?.equals(sampleDescription(first) ?? Buffer.alloc(0))) {
    throw new StudioError('FFMPEG_FAILED', `Chunk ${chunk.index + 1} of ${rungId} has another codec setup than chunk 1; the rung cannot be joined.`)
  }
  return first
}

/** The rung's media playlist: the first chunk's header, every chunk's segments in order, one ENDLIST. */
export async function writeJoinedPlaylists(workDir: string, plan: EncodePlan, chunks: readonly ChunkJob[], segmentsPerChunk: number): Promise<void> {
  const ordered = [...chunks].sort((a, b) => a.index - b.index)
  for (const rung of plan.video?.rungs ?? []) {
    const playlists = await Promise.all(
      ordered.map(async (c) => parseChunkPlaylist(await readFile(join(workDir, chunkPlaylistPath(c, rung.id)), 'utf8'), `chunk ${c.index + 1} ${rung.id}`))
    )
    const target = Math.max(...playlists.map((p) => p.targetDuration))
    const header = playlists[0]!.header.map((l) => (l.startsWith('#EXT-X-TARGETDURATION:') ? `#EXT-X-TARGETDURATION:${target}` : l))
    const lines = [...header]
    for (const [k, playlist] of playlists.entries()) {
      const firstNumber = ordered[k]!.index * segmentsPerChunk
      for (const [n, entry] of playlist.entries.entries()) lines.push(entry.extinf, segmentFileName(plan, firstNumber + n))
    }
    lines.push('#EXT-X-ENDLIST')
    const path = join(workDir, rung.id, PLAYLIST_NAME)
    await writeFile(path, `${lines.join('\n')}\n`)
    // The single pass's rules: the same corrections, and a runt tail folded into the segment before.
    await normalizePlaylistFile(path)
    await foldRuntTail(path, plan.segmentSeconds)
  }
}
