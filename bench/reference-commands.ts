/** Hand-written ffmpeg references the benchmarks time the studio against, built from the studio's own plan. */
import type { EncodePlan } from '@shared/plan'
import { audioEncodeArgs, keyframeArgs } from '../src/main/engine/media/encode-args'
import { QUIET } from './bench-process'

export interface VarStreamMapOptions {
  /**
   * The images a package has, from the same decode, as a hand-written command would make
   * them: a poster (1280 px wide, at 10% of the clip) and storyboard sheets of 160 px tiles,
   * one every 5 s, 10×10 a sheet, into `thumbnails/`.
   */
  images?: { durationSeconds: number }
}

/**
 * The textbook single command: one decode, split + scale, one x264 per rung with the studio's
 * rung settings and keyframe rules (no B-frames, fixed GOP, forced keyframes), the audio once
 * per variant as `-var_stream_map` needs it, and a master playlist.
 */
export function varStreamMapArgs(source: string, plan: EncodePlan, options: VarStreamMapOptions = {}): string[] {
  const rungs = plan.video!.rungs
  const images = options.images
  const branches = rungs.length + (images ? 2 : 0)
  const labels = [...rungs.map((r) => `[s${r.id}]`), ...(images ? ['[sposter]', '[sstory]'] : [])]
  const graph = [
    `[0:v]split=${branches}${labels.join('')}`,
    ...rungs.map((r) => `[s${r.id}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1[${r.id}]`),
    ...(images
      ? [
          `[sposter]select='eq(n,${Math.round(images.durationSeconds * 0.1 * plan.video!.frameRate)})',scale=1280:-2,setsar=1[poster]`,
          `[sstory]fps=1/5,scale=160:-2,setsar=1,tile=10x10[story]`
        ]
      : [])
  ].join(';')
  const args = [...QUIET, '-i', source, '-filter_complex', graph]
  rungs.forEach((r) => args.push('-map', `[${r.id}]`))
  rungs.forEach(() => args.push('-map', '0:a:0'))
  args.push('-c:v', 'libx264', '-preset', plan.video!.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p', ...keyframeArgs(plan))
  rungs.forEach((r, i) => args.push(`-b:v:${i}`, `${r.videoBitrateKbps}k`, `-maxrate:v:${i}`, `${r.maxrateKbps}k`, `-bufsize:v:${i}`, `${r.bufsizeKbps}k`))
  args.push(...audioEncodeArgs(plan.audio!))
  args.push('-f', 'hls', '-hls_time', String(plan.segmentSeconds), '-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments')
  args.push('-master_pl_name', 'master.m3u8', '-var_stream_map', rungs.map((_, i) => `v:${i},a:${i}`).join(' '))
  args.push('-hls_segment_filename', 'v%v/seg_%05d.ts', 'v%v/index.m3u8')
  if (images) {
    args.push('-map', '[poster]', '-frames:v', '1', '-q:v', '2', '-f', 'image2', '-update', '1', 'thumbnails/poster.jpg')
    args.push('-map', '[story]', '-q:v', '4', '-f', 'image2', 'thumbnails/storyboard-%d.jpg')
  }
  return args
}
