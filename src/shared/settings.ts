import { z } from 'zod'
import { SEGMENT_FORMATS, type SegmentFormat } from './segment-formats'

/** Short-side heights of the default video ladder. */
export const DEFAULT_LADDER = [1080, 720, 480, 360] as const
export const DEFAULT_SEGMENT_SECONDS = 6

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow'
] as const

export const resourceTypeSchema = z.enum(['auto', 'video', 'audio'])
export type ResourceType = z.infer<typeof resourceTypeSchema>

export const segmentFormatSchema = z.enum(SEGMENT_FORMATS)
export type { SegmentFormat }

export const subtitleSettingsSchema = z.object({
  path: z.string().min(1),
  /** Burn into the picture, or carry as a WebVTT rendition players can switch. */
  burn: z.boolean().default(false),
  /** BCP 47 language tag of the rendition; `und` when unknown. */
  language: z.string().min(2).max(35).default('und')
})
export type SubtitleSettings = z.infer<typeof subtitleSettingsSchema>

export const ladderSchema = z
  .array(z.number().int().min(144).max(4320))
  .min(1, 'The ladder needs at least one rung.')
  .max(8, 'A ladder of more than 8 rungs is not useful.')
  .refine((rungs) => new Set(rungs).size === rungs.length, 'Each rung height may appear only once.')

/** The whole-file MP4 beside the ladder (issue 16): H.264 + AAC, faststart, at `download/<slug>.mp4`. */
export const mp4DownloadSettingsSchema = z.object({
  /** Short-side height, like a ladder rung; absent: the top rung's. Never above the source. */
  height: z.number().int().min(144, 'The MP4 height must be at least 144.').max(4320, 'The MP4 height must be at most 4320.').optional(),
  /** x264's constant rate factor: 0 is lossless, 51 the smallest; 23 is x264's own default. */
  crf: z.number().int('The MP4 CRF is a whole number.').min(0, 'The MP4 CRF goes from 0 (lossless) to 51 (smallest).').max(51, 'The MP4 CRF goes from 0 (lossless) to 51 (smallest).').default(23),
  /** Burn the job's subtitle file into the MP4 only; the HLS rungs keep it as a soft track. */
  burnSubtitles: z.boolean().default(false)
})
export type Mp4DownloadSettings = z.infer<typeof mp4DownloadSettingsSchema>

export const encodeSettingsSchema = z.object({
  type: resourceTypeSchema.default('auto'),
  segmentSeconds: z.number().min(1).max(30).default(DEFAULT_SEGMENT_SECONDS),
  ladder: ladderSchema.default([...DEFAULT_LADDER]),
  segmentFormat: segmentFormatSchema.default('ts'),
  preset: z.enum(X264_PRESETS).default('veryfast'),
  /** `auto` picks a hardware encoder that passed a test encode, else libx264. */
  encoder: z.string().min(1).default('auto'),
  subtitles: subtitleSettingsSchema.optional(),
  /** Burn this embedded subtitle track (its number among the source's subtitle tracks, from 0) into the picture. */
  burnTrack: z.number().int().min(0).max(99).optional(),
  /**
   * Long videos encode in chunks of this many seconds, rounded to whole segments, that survive a
   * crash and can run side by side; 0 encodes in one pass. Sources of two chunks or less always do.
   */
  chunkSeconds: z.number().min(0).max(3600).default(60),
  /** Chunks encoding at once; 0 picks for the machine's cores (see chunks/parallelism.ts). */
  parallelChunks: z.number().int().min(0).max(32).default(0),
  /** Poster, grid and storyboard for video; waveform for audio. */
  images: z.boolean().default(true),
  /** SSIM and PSNR of every video rung against the source, on sampled keyframes (engine/quality/). */
  quality: z.boolean().default(true),
  /** Absent: no MP4 download. */
  mp4: mp4DownloadSettingsSchema.optional(),
  /** Video jobs: a spectrogram of the first audio track (audio jobs always get one with their images). */
  spectrogram: z.boolean().default(false)
})
export type EncodeSettings = z.infer<typeof encodeSettingsSchema>
export type EncodeSettingsInput = z.input<typeof encodeSettingsSchema>

export function resolveEncodeSettings(input: EncodeSettingsInput = {}): EncodeSettings {
  return encodeSettingsSchema.parse(input)
}
