import type { VideoStreamInfo } from '@shared/media'
import type { DeinterlacePlan, HdrTransfer, SourceTreatment, ToneMapMode } from '@shared/plan'

/** What the picture half of a plan decides about the source before the ladder: fields, colour, size. */
export interface PicturePlan {
  toneMap: ToneMapMode
  hdrTransfer?: HdrTransfer
  matrixFrom?: 'bt601'
  deinterlace?: DeinterlacePlan
  pictureSize: { width: number; height: number }
  treatments: SourceTreatment[]
  warnings: string[]
}

export interface PictureContext {
  /** Whether the binary has zscale and tonemap. */
  canToneMap: boolean
  /** bwdif where the binary has it (better on motion), else yadif; undefined when it has neither. */
  deinterlacer?: DeinterlacePlan['filter']
}

const HDR_NAMES: Record<HdrTransfer, string> = { pq: 'HDR10 (PQ)', hlg: 'HLG' }
const FIELD_NAMES: Record<DeinterlacePlan['fieldOrder'], string> = { tff: 'top field first', bff: 'bottom field first' }
/** Matrices of SD video (ITU-R BT.601, 525 and 625 lines). */
const BT601_MATRICES = new Set(['smpte170m', 'bt470bg'])

export function hdrTransferOf(video: Pick<VideoStreamInfo, 'colorTransfer'>): HdrTransfer | undefined {
  if (video.colorTransfer === 'smpte2084') return 'pq'
  if (video.colorTransfer === 'arib-std-b67') return 'hlg'
  return undefined
}

/**
 * Every rung is tagged BT.709, so a BT.601 picture must really be converted, not only retagged.
 * Untagged SD (576 lines or fewer) is read as BT.601 too: that is how players have always shown it.
 */
function usesBt601(video: VideoStreamInfo): boolean {
  if (video.hdr) return false
  if (video.colorSpace && video.colorSpace !== 'unknown') return BT601_MATRICES.has(video.colorSpace)
  return Math.min(video.displayWidth, video.displayHeight) <= 576
}

function chromaOf(pixelFormat: string): string {
  if (/^yuvj?444|^gbr|^rgb|^bgr/.test(pixelFormat)) return '4:4:4'
  if (/^yuvj?422|^yuyv|^uyvy|^y210|^p210/.test(pixelFormat)) return '4:2:2'
  return '4:2:0'
}

/** The frames' size as the filter graph receives them: coded size, turned when the source is rotated. */
function codedUpright(video: VideoStreamInfo): { width: number; height: number } {
  const sideways = video.rotation === 90 || video.rotation === 270
  return sideways ? { width: video.height, height: video.width } : { width: video.width, height: video.height }
}

export function planPicture(video: VideoStreamInfo, ctx: PictureContext): PicturePlan {
  const treatments: SourceTreatment[] = []
  const warnings: string[] = []
  let deinterlace: DeinterlacePlan | undefined
  if (video.interlace && ctx.deinterlacer) {
    deinterlace = { filter: ctx.deinterlacer, fieldOrder: video.interlace.fieldOrder }
    treatments.push({ kind: 'deinterlace', text: `deinterlaced (${deinterlace.filter}, ${FIELD_NAMES[deinterlace.fieldOrder]})` })
  } else if (video.interlace) {
    warnings.push('This source is interlaced, but this ffmpeg has neither bwdif nor yadif: it was encoded with its combing.')
  }

  const hdrTransfer = video.hdr ? hdrTransferOf(video) : undefined
  let toneMap: ToneMapMode = 'none'
  if (video.hdr && ctx.canToneMap) {
    toneMap = 'tonemap'
    treatments.push({ kind: 'tone-map', text: `tone-mapped from ${hdrTransfer ? HDR_NAMES[hdrTransfer] : 'HDR'} to SDR BT.709` })
  } else if (video.hdr) {
    toneMap = 'convert'
    warnings.push('HDR source converted to SDR without tone mapping (this ffmpeg lacks the zscale/tonemap filters): colours may look washed out.')
    treatments.push({ kind: 'colour-convert', text: 'converted from HDR to SDR without tone mapping' })
  } else if (video.bitDepth > 8 || video.pixelFormat !== 'yuv420p') {
    toneMap = 'convert'
    treatments.push({ kind: 'colour-convert', text: `converted from ${video.bitDepth}-bit ${chromaOf(video.pixelFormat)} (${video.pixelFormat}) to 8-bit 4:2:0` })
  }
  const matrixFrom = usesBt601(video) ? 'bt601' : undefined
  if (matrixFrom) treatments.push({ kind: 'colour-convert', text: 'colour matrix converted from BT.601 to BT.709' })

  return {
    toneMap,
    hdrTransfer: toneMap === 'tonemap' ? hdrTransfer : undefined,
    matrixFrom,
    deinterlace,
    pictureSize: codedUpright(video),
    treatments,
    warnings
  }
}
