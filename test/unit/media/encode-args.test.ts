import { describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import {
  buildAudioEncodeCommand,
  buildVideoEncodeCommand,
  buildVideoFilterGraph,
  formatFrameRate,
  hlsOutputArgs
} from '../../../src/main/engine/media/encode-args'
import { planEncode } from '../../../src/main/engine/media/ladder'
import { sourceInfo } from '../../helpers/media-info-fixture'

// The audio sits at stream 2 (a data track before it), so mapping must use the real index.
const info = sourceInfo({}, { path: '/in/clip with spaces.mov', audio: { index: 2, codec: 'aac', channels: 2, sampleRate: 48000 } })
const ctx = { canToneMap: true, encoder: 'libx264' }

/** The values that follow each occurrence of a flag. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []))
}

describe('encode argument building', () => {
  const plan = planEncode(info, resolveEncodeSettings(), ctx)
  const command = buildVideoEncodeCommand({ plan, info, inputPath: info.path })

  it('decodes once and splits into one scaled output per rung', () => {
    expect(valuesOf(command.args, '-i')).toEqual(['file:/in/clip with spaces.mov'])
    const graph = valuesOf(command.args, '-filter_complex')[0]!
    expect(graph).toBe(
      "[0:0]scale=w='if(eq(iw,1920)*eq(ih,1080),1920,min(1920,trunc(1080*iw/ih/2)*2))':h='if(eq(iw,1920)*eq(ih,1080),1080,min(1080,trunc(1920*ih/iw/2)*2))',pad=1920:1080:(ow-iw)/2:(oh-ih)/2,split=4[sv0][sv1][sv2][sv3];" +
        '[sv0]scale=1920:1080:flags=bicubic,setsar=1[v0];[sv1]scale=1280:720:flags=bicubic,setsar=1[v1];' +
        '[sv2]scale=854:480:flags=bicubic,setsar=1[v2];[sv3]scale=640:360:flags=bicubic,setsar=1[v3]'
    )
    expect(command.variantIds).toEqual(['v0', 'v1', 'v2', 'v3'])
  })

  it('never uses -var_stream_map (the bundled ffmpeg segfaults on it)', () => {
    expect(command.args).not.toContain('-var_stream_map')
    expect(command.args).not.toContain('-master_pl_name')
  })

  it('encodes the real audio stream once, as its own rendition, stereo 48 kHz AAC ending with the picture', () => {
    expect(valuesOf(command.args, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:2'])
    expect(command.renditionIds).toEqual(['audio-0'])
    expect(valuesOf(command.args, '-c:a')).toEqual(['aac'])
    expect(valuesOf(command.args, '-ac')).toEqual(['2'])
    expect(valuesOf(command.args, '-ar')).toEqual(['48000'])
    // One AAC frame in, so the encoder's priming frame lands on the first picture; the end is the picture's.
    expect(valuesOf(command.args, '-af')).toEqual(['atrim=start=0.021333:end=30'])
    expect(valuesOf(command.args, '-hls_segment_filename').at(-1)).toBe('audio-0/seg_%05d.ts')
  })

  it('keeps one timeline for every output and encodes no B-frames', () => {
    expect(new Set(valuesOf(command.args, '-output_ts_offset'))).toEqual(new Set(['10']))
    expect(valuesOf(command.args, '-output_ts_offset')).toHaveLength(5)
    expect(valuesOf(command.args, '-bf')).toEqual(['0', '0', '0', '0'])
  })

  it('sets capped VBR per rung and identical keyframe rules on every rung', () => {
    expect(valuesOf(command.args, '-b:v')).toEqual(['5000k', '2800k', '1400k', '800k'])
    expect(valuesOf(command.args, '-maxrate')).toEqual(['5350k', '2996k', '1498k', '856k'])
    expect(valuesOf(command.args, '-bufsize')).toEqual(['7500k', '4200k', '2100k', '1200k'])
    expect(new Set(valuesOf(command.args, '-force_key_frames'))).toEqual(new Set(['expr:gte(t,n_forced*2)']))
    expect(new Set(valuesOf(command.args, '-g'))).toEqual(new Set(['60']))
    expect(new Set(valuesOf(command.args, '-sc_threshold'))).toEqual(new Set(['0']))
    expect(new Set(valuesOf(command.args, '-preset'))).toEqual(new Set(['veryfast']))
  })

  it('writes VOD HLS with independent segments into one folder per variant and rendition', () => {
    expect(valuesOf(command.args, '-hls_playlist_type')).toEqual(['vod', 'vod', 'vod', 'vod', 'vod'])
    expect(new Set(valuesOf(command.args, '-hls_flags'))).toEqual(new Set(['independent_segments']))
    expect(valuesOf(command.args, '-hls_segment_filename')).toEqual([
      'v0/seg_%05d.ts',
      'v1/seg_%05d.ts',
      'v2/seg_%05d.ts',
      'v3/seg_%05d.ts',
      'audio-0/seg_%05d.ts'
    ])
    expect(command.args.at(-1)).toBe('audio-0/index.m3u8')
    expect(command.args.slice(0, 8)).toEqual(['-hide_banner', '-nostdin', '-y', '-v', 'warning', '-nostats', '-progress', 'pipe:1'])
  })

  it('opens the source only as a media file, by an absolute file: URL, whatever its name', () => {
    const odd = buildVideoEncodeCommand({ plan, info, inputPath: '-rf |x:y.mp4' }).args
    const i = odd.indexOf('-i')
    expect(odd[i + 1]).toMatch(/^file:\/.*\/-rf \|x:y\.mp4$/)
    expect(odd.slice(i - 4, i)).toEqual(['-format_whitelist', expect.stringContaining('mov,mp4,matroska'), '-protocol_whitelist', 'file'])
    expect(valuesOf(odd, '-format_whitelist')[0]).not.toMatch(/\b(hls|concat|image2|tty)\b/)
  })

  it('tags every rung BT.709 (primaries, transfer, matrix) and limited range', () => {
    expect(valuesOf(command.args, '-color_primaries')).toEqual(['bt709', 'bt709', 'bt709', 'bt709'])
    expect(valuesOf(command.args, '-color_trc')).toEqual(['bt709', 'bt709', 'bt709', 'bt709'])
    expect(valuesOf(command.args, '-colorspace')).toEqual(['bt709', 'bt709', 'bt709', 'bt709'])
    expect(valuesOf(command.args, '-color_range')).toEqual(['tv', 'tv', 'tv', 'tv'])
  })

  it('deinterlaces first, one frame per frame, in the field order found', () => {
    const interlaced = { ...info, video: { ...info.video!, interlace: { fieldOrder: 'bff' as const, detectedBy: 'frames' as const } } }
    const p = planEncode(interlaced, resolveEncodeSettings({ ladder: [720] }), { ...ctx, deinterlacer: 'bwdif' })
    expect(buildVideoFilterGraph(0, p, p.video!.rungs)).toMatch(/^\[0:0\]bwdif=mode=send_frame:parity=bff:deint=all,scale=w=/)
    const progressive = planEncode(info, resolveEncodeSettings({ ladder: [720] }), { ...ctx, deinterlacer: 'bwdif' })
    expect(buildVideoFilterGraph(0, progressive, progressive.video!.rungs)).not.toMatch(/bwdif|yadif/)
  })

  it('converts a BT.601 picture to BT.709 before tagging it so, and tone-maps HLG through the HLG transfer', () => {
    const sd = { ...info, video: { ...info.video!, width: 720, height: 576, displayWidth: 768, displayHeight: 576, colorSpace: 'bt470bg' } }
    const p = planEncode(sd, resolveEncodeSettings({ ladder: [480] }), ctx)
    expect(buildVideoFilterGraph(0, p, p.video!.rungs)).toContain('colorspace=space=bt709:trc=bt709:primaries=bt709:range=tv:ispace=smpte170m')
    const hlg = { ...info, video: { ...info.video!, pixelFormat: 'yuv420p10le', bitDepth: 10, hdr: true, colorTransfer: 'arib-std-b67' } }
    const h = planEncode(hlg, resolveEncodeSettings({ ladder: [720] }), ctx)
    expect(buildVideoFilterGraph(0, h, h.video!.rungs)).toContain('zscale=tin=arib-std-b67:min=2020_ncl:pin=2020:rin=tv:t=smpte2084:npl=1000')
  })

  it('leaves audio out of a silent source', () => {
    const silent = { ...info, audio: undefined, audioStreamCount: 0 }
    const args = buildVideoEncodeCommand({ plan: planEncode(silent, resolveEncodeSettings(), ctx), info: silent, inputPath: 'x' }).args
    expect(args).not.toContain('-c:a')
    expect(valuesOf(args, '-map')).toEqual(['[v0]', '[v1]', '[v2]', '[v3]'])
  })

  it('uses fMP4 segments with an init segment when asked', () => {
    const fmp4 = planEncode(info, resolveEncodeSettings({ segmentFormat: 'fmp4', segmentSeconds: 4 }), ctx)
    const args = hlsOutputArgs(fmp4, 'v1')
    expect(valuesOf(args, '-hls_segment_type')).toEqual(['fmp4'])
    expect(valuesOf(args, '-hls_fmp4_init_filename')).toEqual(['init.mp4'])
    expect(valuesOf(args, '-hls_segment_filename')).toEqual(['v1/seg_%05d.m4s'])
    expect(valuesOf(args, '-hls_time')).toEqual(['4'])
  })

  it('halves high frame rates and tone-maps HDR before the split', () => {
    const hdr = {
      ...info,
      video: { ...info.video!, avgFrameRate: 119.88, rFrameRate: 119.88, pixelFormat: 'yuv420p10le', bitDepth: 10, hdr: true }
    }
    const plan = planEncode(hdr, resolveEncodeSettings({ ladder: [720] }), ctx)
    const graph = buildVideoFilterGraph(0, plan, plan.video!.rungs)
    expect(graph).toContain('pad=1920:1080:(ow-iw)/2:(oh-ih)/2,fps=60000/1001,zscale=tin=smpte2084:')
    expect(graph).toContain('tonemap=tonemap=mobius')
    expect(graph).toMatch(/format=yuv420p,split=1\[sv0\]/)
  })

  it('writes exact NTSC rates and trims others', () => {
    expect(formatFrameRate(59.94005994)).toBe('60000/1001')
    expect(formatFrameRate(29.97002997)).toBe('30000/1001')
    expect(formatFrameRate(25)).toBe('25')
    expect(formatFrameRate(12.5)).toBe('12.5')
  })

  it('builds the 192/128/96k audio-only ladder without video', () => {
    const audioOnly = { ...info, video: undefined }
    const args = buildAudioEncodeCommand({ plan: planEncode(audioOnly, resolveEncodeSettings(), ctx), info: audioOnly, inputPath: 'a.mp3' }).args
    expect(valuesOf(args, '-b:a')).toEqual(['192k', '128k', '96k'])
    expect(args.filter((a) => a === '-vn')).toHaveLength(3)
    expect(valuesOf(args, '-hls_segment_filename')).toEqual(['a0/seg_%05d.ts', 'a1/seg_%05d.ts', 'a2/seg_%05d.ts'])
  })
})
