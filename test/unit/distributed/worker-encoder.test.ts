import { describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import { buildChunkJob } from '../../../src/main/engine/chunks/chunk-job'
import { planChunks } from '../../../src/main/engine/chunks/chunk-plan'
import { chunkWithEncoder } from '../../../src/main/engine/distributed/worker-encoder'
import { videoEncoderSetup } from '../../../src/main/engine/media/hardware/video-encoders'
import { planEncode } from '../../../src/main/engine/media/ladder'
import { planMp4Download } from '../../../src/main/engine/media/mp4-download-args'
import { sourceInfo } from '../../helpers/media-info-fixture'

const info = sourceInfo()
const settings = resolveEncodeSettings({ ladder: [1080, 720], segmentSeconds: 2 })

function secondChunk(encoder: string, options: { mp4?: boolean; burnMp4?: boolean } = {}) {
  const planned = planEncode(info, settings, { canToneMap: true, encoder })
  const plan = options.mp4 ? { ...planned, download: planMp4Download(planned, info, { ...settings, mp4: { crf: 23, burnSubtitles: false } }, 'film') } : planned
  const range = planChunks({ durationSeconds: 60, frameRate: plan.video!.frameRate, variableFrameRate: false, segmentSeconds: 2, chunkSeconds: 10 })!.chunks[1]!
  const download = plan.download ? { plan: plan.download, burn: options.burnMp4 ? ["subtitles=filename='subs.ass'"] : undefined } : undefined
  return buildChunkJob({ jobId: 'job-1', plan, info, range, encoder: videoEncoderSetup(encoder), download })
}

/** Everything but the encoder's own options: seek, input, filters, rates, GOP, keyframes, outputs. */
function sharedParts(args: string[]): string[] {
  const kept: string[] = []
  for (const [i, arg] of args.entries()) {
    if (['-ss', '-i', '-filter_complex', '-map', '-b:v', '-maxrate', '-bufsize', '-g', '-force_key_frames', '-bf'].includes(arg)) kept.push(arg, args[i + 1]!)
    if (arg.endsWith('.mp4')) kept.push(arg)
  }
  return kept
}

describe('a worker encoding a chunk with its own encoder', () => {
  it('builds the chunk again with its encoder, every rung parameter and cut point the coordinator’s', () => {
    const coordinators = secondChunk('libx264')
    const { chunk, encoder } = chunkWithEncoder(coordinators, 'h264_nvenc')
    expect(encoder).toBe('h264_nvenc')
    expect(chunk.args.filter((a, i) => chunk.args[i - 1] === '-c:v')).toEqual(['h264_nvenc', 'h264_nvenc'])
    expect(chunk.args).toContain('-forced-idr')
    expect(sharedParts(chunk.args)).toEqual(sharedParts(coordinators.args))
    expect(sharedParts(chunk.args)).toContain('expr:gte(t,n_forced*2)')
    expect({ ...chunk, args: [] }).toEqual({ ...coordinators, args: [] })
  })

  it('goes back to libx264 from a hardware job, and keeps a job’s arguments when they already use its encoder', () => {
    const hardwareJob = secondChunk('h264_nvenc')
    const x264 = chunkWithEncoder(hardwareJob, 'libx264')
    expect(x264.encoder).toBe('libx264')
    expect(x264.chunk.args).toEqual(secondChunk('libx264').args)
    expect(chunkWithEncoder(hardwareJob, 'h264_nvenc').chunk).toBe(hardwareJob)
  })

  it('never changes the codec: an HEVC encoder on an H.264 job takes libx264, an HEVC job keeps its own arguments', () => {
    expect(chunkWithEncoder(secondChunk('libx264'), 'hevc_nvenc').encoder).toBe('libx264')
    const hevcJob = secondChunk('hevc_nvenc')
    expect(chunkWithEncoder(hevcJob, 'h264_nvenc')).toEqual({ chunk: hevcJob, encoder: 'hevc_nvenc' })
  })

  it('keeps the coordinator’s arguments for a chunk without a recipe (extra filters naming its files)', () => {
    const { recipe: _recipe, ...bare } = secondChunk('libx264')
    expect(chunkWithEncoder(bare, 'h264_nvenc')).toEqual({ chunk: bare, encoder: 'libx264' })
  })

  it('still writes the MP4 download’s picture when it builds the chunk again, and keeps the arguments of a chunk whose MP4 burns subtitles', () => {
    const coordinators = secondChunk('libx264', { mp4: true })
    expect(coordinators.downloadId).toBeDefined()
    const { chunk } = chunkWithEncoder(coordinators, 'h264_nvenc')
    expect(sharedParts(chunk.args)).toEqual(sharedParts(coordinators.args))
    expect(chunk.args.filter((a) => a.endsWith('.mp4'))).toHaveLength(3)
    const burned = secondChunk('libx264', { mp4: true, burnMp4: true })
    expect(chunkWithEncoder(burned, 'h264_nvenc')).toEqual({ chunk: burned, encoder: 'libx264' })
  })
})
