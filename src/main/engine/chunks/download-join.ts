import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { MediaInfo } from '@shared/media'
import type { EncodePlan } from '@shared/plan'
import { buildAudioRenditionsCommand } from '../media/audio-rendition-args'
import type { EncodeCommand } from '../media/encode-args'
import { GLOBAL_ARGS } from '../media/output-args'
import { spectrogramOutputArgs, type SpectrogramOptions } from '../media/images/spectrogram-args'
import { CHUNKED_DOWNLOAD_AUDIO, downloadAudioOutputArgs, downloadJoinArgs, type DownloadBranch } from '../media/mp4-download-args'
import { runMediaProcess } from '../media/runner'
import { CHUNKS_FOLDER, chunkRungFile, type ChunkJob } from './chunk-job'

const DOWNLOAD_AUDIO_PATH = `${CHUNKS_FOLDER}/${CHUNKED_DOWNLOAD_AUDIO}`
const DOWNLOAD_LIST_PATH = `${CHUNKS_FOLDER}/download.txt`

/**
 * The chunked encode's one read of the source for sound: the audio renditions, plus the MP4
 * download's AAC and the spectrogram when the job asked for them.
 */
export function chunkedAudioCommand(plan: EncodePlan, info: MediaInfo, download?: DownloadBranch, spectrogram?: SpectrogramOptions): EncodeCommand {
  const command = buildAudioRenditionsCommand(plan, info, info.path)
  const extra = [
    ...(download ? downloadAudioOutputArgs(plan, info.audio, DOWNLOAD_AUDIO_PATH) : []),
    ...(spectrogram && info.audio ? spectrogramOutputArgs(info.audio.index, spectrogram) : [])
  ]
  return { ...command, args: [...command.args, ...extra] }
}

/** The concat demuxer's list: each chunk's MP4 picture, relative to the list's own folder. */
export function downloadConcatList(chunks: readonly ChunkJob[], downloadId: string): string {
  const folderPrefix = `${CHUNKS_FOLDER}/`
  return chunks.map((c) => `file '${chunkRungFile(c, downloadId).slice(folderPrefix.length)}'\n`).join('')
}

/** Joins the chunks' MP4 pictures (no re-encode) with the sound into the package's faststart download. */
export async function joinChunkedDownload(options: {
  workDir: string
  ffmpegPath: string
  plan: EncodePlan
  download: DownloadBranch
  chunks: readonly ChunkJob[]
  signal?: AbortSignal
  onLog?: (line: string) => void
}): Promise<void> {
  const { workDir, chunks } = options
  const downloadId = chunks[0]?.downloadId
  if (!downloadId) return
  await writeFile(join(workDir, DOWNLOAD_LIST_PATH), downloadConcatList(chunks, downloadId))
  const audio = options.plan.audioRenditions?.length ? DOWNLOAD_AUDIO_PATH : undefined
  await runMediaProcess({
    binary: options.ffmpegPath,
    args: [...GLOBAL_ARGS, ...downloadJoinArgs(options.download.plan, DOWNLOAD_LIST_PATH, audio)],
    cwd: workDir,
    label: 'join the MP4 download',
    signal: options.signal,
    stallTimeoutMs: 180_000,
    onStderrLine: (line) => options.onLog?.(line)
  })
}
