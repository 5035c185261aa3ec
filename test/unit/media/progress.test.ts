import { describe, expect, it } from 'vitest'
import { FfmpegProgressParser, parseProgressTranscript } from '../../../src/main/engine/media/progress'

// Transcripts captured from real `-progress pipe:1` output: the bundled 2018 build and Debian's 5.1.
const BUNDLED_2018 = `frame=38
fps=0.00
stream_0_0_q=29.0
bitrate=3201.8kbits/s
total_size=524288
out_time_us=1309978
out_time_ms=1309978
out_time=00:00:01.309978
dup_frames=0
drop_frames=0
speed= 2.6x
progress=continue
frame=72
fps=71.43
stream_0_0_q=29.0
bitrate=4259.1kbits/s
total_size=1310720
out_time_us=2461978
out_time_ms=2461978
out_time=00:00:02.461978
dup_frames=0
drop_frames=0
speed=2.44x
progress=continue
`

const SYSTEM_51_START = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=   0.0kbits/s
total_size=0
out_time_us=61978
out_time_ms=61978
out_time=00:00:00.061978
dup_frames=0
drop_frames=0
speed=16.4x
progress=continue
`

const END_BLOCK = `frame=25
fps=0.00
stream_0_0_q=-1.0
bitrate=N/A
total_size=N/A
out_time_us=1000000
out_time_ms=1000000
out_time=00:00:01.000000
dup_frames=0
drop_frames=0
speed=28.6x
progress=end
`

describe('ffmpeg -progress parsing', () => {
  it('reads every field of the 2018 build, including a speed padded with a space', () => {
    const blocks = parseProgressTranscript(BUNDLED_2018)
    expect(blocks).toHaveLength(2)
    expect(blocks[0]).toEqual({
      frame: 38,
      fps: 0,
      bitrateKbps: 3201.8,
      totalSizeBytes: 524288,
      outTimeSeconds: 1.309978,
      dupFrames: 0,
      dropFrames: 0,
      speed: 2.6,
      done: false
    })
    expect(blocks[1]?.fps).toBeCloseTo(71.43)
    expect(blocks[1]?.outTimeSeconds).toBeCloseTo(2.461978)
  })

  it('reads the padded bitrate of ffmpeg 5.1 and marks the last block done', () => {
    const [start] = parseProgressTranscript(SYSTEM_51_START)
    expect(start?.bitrateKbps).toBe(0)
    expect(start?.speed).toBe(16.4)
    const [end] = parseProgressTranscript(END_BLOCK)
    expect(end?.done).toBe(true)
    expect(end?.bitrateKbps).toBeUndefined()
    expect(end?.totalSizeBytes).toBeUndefined()
  })

  it('assembles lines split across arbitrary chunk boundaries', () => {
    const seen: number[] = []
    const parser = new FfmpegProgressParser((p) => seen.push(p.outTimeSeconds ?? -1))
    const text = BUNDLED_2018 + END_BLOCK
    for (let i = 0; i < text.length; i += 7) parser.push(text.slice(i, i + 7))
    parser.flush()
    expect(seen).toEqual([1.309978, 2.461978, 1])
  })

  it('falls back to out_time when the microsecond fields are N/A, and never goes negative', () => {
    const [block] = parseProgressTranscript('out_time_us=N/A\nout_time_ms=N/A\nout_time=-00:00:00.040000\nprogress=continue\n')
    expect(block?.outTimeSeconds).toBe(0)
    const [later] = parseProgressTranscript('out_time_us=N/A\nout_time=01:02:03.500000\nspeed=N/A\nprogress=continue\n')
    expect(later?.outTimeSeconds).toBe(3723.5)
    expect(later?.speed).toBeUndefined()
  })

  it('tolerates CRLF line endings (Windows builds)', () => {
    const [block] = parseProgressTranscript('frame=10\r\nout_time_us=400000\r\nprogress=end\r\n')
    expect(block).toMatchObject({ frame: 10, outTimeSeconds: 0.4, done: true })
  })
})
