import type { MediaInfo, VideoStreamInfo } from '@shared/media'

/** A probed 1080p30 H.264 + stereo AAC source, for planning and argument tests without a file. */
export function sourceInfo(video: Partial<VideoStreamInfo> = {}, rest: Partial<MediaInfo> = {}): MediaInfo {
  return {
    path: '/in/clip.mov',
    container: 'mov',
    durationSeconds: 30,
    sizeBytes: 1,
    video: {
      index: 0,
      codec: 'h264',
      width: 1920,
      height: 1080,
      rotation: 0,
      sampleAspectRatio: { num: 1, den: 1 },
      displayWidth: 1920,
      displayHeight: 1080,
      avgFrameRate: 30,
      rFrameRate: 30,
      variableFrameRate: false,
      pixelFormat: 'yuv420p',
      bitDepth: 8,
      hdr: false,
      ...video
    },
    audio: { index: 1, codec: 'aac', channels: 2, sampleRate: 48000 },
    audioStreamCount: 1,
    subtitles: [],
    tags: {},
    ...rest
  }
}
