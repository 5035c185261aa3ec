import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { DownloadSummary } from '@shared/job'
import type { EncodePlan } from '@shared/plan'
import { readTopLevelBoxes } from '../media/mp4-boxes'
import { DOWNLOAD_FOLDER, type DownloadBranch } from '../media/mp4-download-args'
import type { BurnInSetup } from '../media/subtitles/subtitle-work'

/** The MP4's branch of the encode, with the subtitles only it burns in; undefined when the job asked for no MP4. */
export async function prepareDownload(workDir: string, plan: EncodePlan, burnIn?: BurnInSetup): Promise<DownloadBranch | undefined> {
  if (!plan.download) return undefined
  await mkdir(join(workDir, DOWNLOAD_FOLDER), { recursive: true })
  return { plan: plan.download, burn: burnIn ? [burnIn.filter] : undefined }
}

/**
 * What job.json says of the MP4, after checking ffmpeg wrote it whole and faststart: a moov
 * after the mdat would make a browser fetch the end of the file before it shows a frame.
 */
export async function summarizeDownload(workDir: string, plan: EncodePlan, burnedSubtitles: boolean): Promise<DownloadSummary | undefined> {
  const download = plan.download
  if (!download) return undefined
  const path = join(workDir, download.path)
  const bytes = (await stat(path).catch(() => undefined))?.size ?? 0
  const boxes = bytes > 0 ? await readTopLevelBoxes(path) : []
  const moov = boxes.indexOf('moov')
  const mdat = boxes.indexOf('mdat')
  if (moov < 0 || mdat < 0) throw new StudioError('FFMPEG_FAILED', `ffmpeg did not finish the MP4 download (${download.path}).`)
  if (moov > mdat) throw new StudioError('FFMPEG_FAILED', `The MP4 download was written without faststart: its index comes after the media (${download.path}).`)
  return { path: download.path, width: download.width, height: download.height, bytes, crf: download.crf, burnedSubtitles }
}
