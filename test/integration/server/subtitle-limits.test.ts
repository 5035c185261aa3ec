/**
 * Issue 13, point 5: small subtitle files that cost large resources, sent through a real serve.
 * An SRT of cues spanning the film (each repeated in every segment) and an ASS file full of blur
 * and nested animations now fail the job in plain words, with no rendition or encode left behind.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import type { Job } from '../../../src/shared/job'
import { burnInTimeBudgetMs, clipCuesToDuration } from '../../../src/main/engine/media/subtitles/subtitle-limits'
import { makeClip } from '../../helpers/media'
import { connectClient, startTestServer, type TestServer } from '../../helpers/serve'

const SMALL = { ladder: [144], segmentSeconds: 2, preset: 'ultrafast' as const, images: false }

function srtTimestamp(seconds: number): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)},000`
}

describe('subtitle limits through serve', () => {
  let t: TestServer
  let client: WebSocketStudioClient
  let clip: string

  beforeAll(async () => {
    t = await startTestServer()
    client = connectClient(t.server)
    clip = await makeClip(t.workDir, 'short film', { seconds: 20, width: 256, height: 144 })
  }, 120_000)
  afterAll(async () => {
    client?.close()
    await t?.close()
  })

  async function ended(id: string): Promise<Job> {
    return vi.waitFor(
      async () => {
        const job = await client.invoke('jobs.get', { id })
        if (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.status)) throw new Error(`waiting for job ${id} to end (now ${job.status})`)
        return job
      },
      { timeout: 240_000, interval: 200 }
    )
  }

  /** Every file the job's package folder holds, if it still has one. */
  function packageFiles(job: Job): string[] {
    const dir = join(t.outputDir, job.slug)
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : []
  }

  it('fails an SRT whose cues span the whole film, before its WebVTT grows past 4× its size', async () => {
    // 50,000 cues, each from 0 to 99 h: 10 segments on this clip, so ten copies of everything.
    const lines: string[] = []
    for (let i = 1; i <= 50_000; i++) lines.push(String(i), `${srtTimestamp(0)} --> ${srtTimestamp(99 * 3600)}`, `line ${i} of the amplification`, '')
    const srt = join(t.workDir, 'bomb.srt')
    writeFileSync(srt, lines.join('\n'))
    const srtBytes = statSync(srt).size
    expect(srtBytes).toBeGreaterThan(2_000_000)

    const added = await client.invoke('jobs.add', { sources: [clip], settings: { ...SMALL, subtitles: { path: srt } }, target: null, force: true })
    const job = await ended(added.created[0]!.id)
    expect(job.status).toBe('FAILED')
    expect(job.error?.message).toMatch(/^The subtitles of bomb\.srt would grow past \d+ KB as WebVTT, from a file of \d+ KB: many cues overlap/)
    const limitKb = Number(/past (\d+) KB/.exec(job.error!.message)![1])
    expect(limitKb * 1024).toBeLessThanOrEqual(4 * srtBytes + 1024 * 1024 + 100 * 10 + 1024)
    expect(packageFiles(job).filter((f) => f.endsWith('.vtt'))).toEqual([])
  }, 300_000)

  it('fails an ASS bomb of blur and nested animations before any frame is encoded', async () => {
    const dialogue = '{\\blur20\\t(0,500,\\blur0\\t(\\blur30\\t(\\be5)))\\move(0,0,100,100)\\clip(0,0,50,50)}x'
    const events = Array.from({ length: 1300 }, (_, i) => `Dialogue: 0,0:00:00.00,0:00:20.00,Default,,0,0,0,,${dialogue}${i}`)
    const ass = join(t.workDir, 'bomb.ass')
    writeFileSync(
      ass,
      ['[Script Info]', 'ScriptType: v4.00+', '', '[V4+ Styles]', 'Format: Name, Fontname, Fontsize', 'Style: Default,Arial,40', '', '[Events]', 'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text', ...events, ''].join('\n')
    )
    expect(statSync(ass).size).toBeLessThan(200_000)
    const added = await client.invoke('jobs.add', { sources: [clip], settings: { ...SMALL, subtitles: { path: ass, burn: true } }, target: null, force: true })
    const job = await ended(added.created[0]!.id)
    expect(job.status).toBe('FAILED')
    expect(job.error?.message).toMatch(/^bomb\.ass has \d+ blur, animation, clip or move tags, more than 2400 for a 20 s source: burning it in would take far too long\./)
    expect(packageFiles(job).filter((f) => f.endsWith('.ts') || f.endsWith('.m4s'))).toEqual([])
  }, 300_000)

  it('clips cues to the source and gives burn-in a budget proportional to its duration', () => {
    expect(clipCuesToDuration([{ start: 1, end: 356_400, text: 'a' }, { start: 30, end: 31, text: 'b' }], 20)).toEqual([{ start: 1, end: 20, text: 'a' }])
    expect(burnInTimeBudgetMs(20)).toBe(10 * 60_000 + 400_000)
    expect(burnInTimeBudgetMs(7200)).toBe(10 * 60_000 + 144_000_000)
  })
})
