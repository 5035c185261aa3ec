import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { StudioError } from '@shared/errors'
import { chunkOutputIds, chunkRungFile, type ChunkJob } from '../chunks/chunk-job'
import { LIBX264_SETUP } from '../media/encode-args'
import { runMediaProcess } from '../media/runner'
import { sourceUrl } from '../media/source-input'
import type { ChunkProcessor } from './chunk-worker'
import { startSourceRelay } from './source-relay'
import { encodeWithOwnEncoder } from './worker-encoder'
import { CHECKSUM_HEADER, callCoordinator, refusal, rungRoute, type CoordinatorAddress } from './worker-http'
import { mapSourcePath, type PathMap } from './worker-paths'

export interface RemoteChunkOptions extends CoordinatorAddress {
  ffmpegPath: string
  /** This worker's own video encoder (default libx264): see chunkWithEncoder. */
  encoder?: string
  pathMaps?: readonly PathMap[]
  /** Where chunks are encoded before they are sent (default: the OS temp folder). */
  tempRoot?: string
  onLog?: (line: string) => void
}

/**
 * The chunk's arguments with its input swapped: the same `-i` position, and the protocols
 * ffmpeg may use for it (a file, or the loopback relay over HTTP).
 */
export function withInput(chunk: ChunkJob, input: string, protocols: string): string[] {
  const args = [...chunk.args]
  const at = args.findIndex((arg, i) => arg === '-i' && args[i + 1] === sourceUrl(chunk.sourcePath))
  const whitelist = args.lastIndexOf('-protocol_whitelist', at)
  if (at < 0 || whitelist < 0) throw new StudioError('INTERNAL', `chunk ${chunk.index + 1} has no source input this worker knows how to replace`)
  args[at + 1] = input
  args[whitelist + 1] = protocols
  return args
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer)
  return hash.digest('hex')
}

/** Streams one rung file to the coordinator with its checksum; the coordinator checks both. */
async function deliverRung(options: RemoteChunkOptions, workId: string, rungId: string, path: string, signal: AbortSignal): Promise<void> {
  const size = (await stat(path)).size
  const checksum = await sha256Of(path)
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream
  const response = await callCoordinator(options, rungRoute(workId, rungId), {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), [CHECKSUM_HEADER]: checksum },
    body,
    duplex: 'half',
    signal
  })
  if (!response.ok) throw new Error(`the coordinator refused ${rungId} of ${workId} (${await refusal(response)})`)
  await response.body?.cancel()
}

/**
 * A worker on another machine: the source read directly when this machine sees the same file
 * (same path, or mapped with --path-map, and the same size), else through the coordinator with
 * byte ranges; ffmpeg in a temporary folder; each rung file sent back, then the folder removed.
 */
export function remoteChunkProcessor(options: RemoteChunkOptions): ChunkProcessor {
  const log = options.onLog ?? (() => undefined)
  return async (work, context) => {
    const { chunk } = work
    const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'hls-studio-chunk-'))
    try {
      const local = mapSourcePath(chunk.sourcePath, options.pathMaps ?? [])
      const direct = (await stat(local).catch(() => undefined))?.size === work.sourceBytes
      const relay = direct ? undefined : await startSourceRelay(options, context.workId, context.signal)
      log(`${context.workId}: chunk ${chunk.index + 1} of job ${work.jobId}, source ${direct ? `read directly at ${local}` : 'read through the coordinator'}`)
      let used: string
      try {
        await mkdir(join(dir, chunk.folder), { recursive: true })
        used = await encodeWithOwnEncoder(chunk, options.encoder ?? LIBX264_SETUP.encoder, {
          signal: context.signal,
          onLog: (line) => log(`${context.workId}: ${line}`),
          encode: async (job) => {
            await runMediaProcess({
              binary: options.ffmpegPath,
              args: relay ? withInput(job, relay.url, 'http,tcp') : withInput(job, sourceUrl(local), 'file'),
              cwd: dir,
              label: `encode chunk ${chunk.index + 1}`,
              signal: context.signal,
              stallTimeoutMs: 180_000,
              onProgress: context.onProgress
            })
          }
        })
      } finally {
        await relay?.close()
      }
      const outputs = chunkOutputIds(chunk)
      for (const rungId of outputs) await deliverRung(options, context.workId, rungId, join(dir, chunkRungFile(chunk, rungId)), context.signal)
      log(`${context.workId}: delivered ${outputs.length} rung files (${used})`)
      return { encoder: used }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}
