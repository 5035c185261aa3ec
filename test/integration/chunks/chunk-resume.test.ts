/**
 * A long video encoding in chunks is killed with SIGKILL once chunks are checkpointed, then
 * `hls-studio resume`: the chunks recorded before the kill are not encoded again, one damaged
 * by hand is, and the package is conformant and plays through every seam in Chromium.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Job } from '@shared/job'
import { launchChromium } from '../../helpers/browser'
import { holesIn, probeBuffers, serveProbePages } from '../../helpers/buffer-probe'
import { runStudio } from '../../helpers/cli'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { inspectPackage } from '../../helpers/conformance'
import { ffprobeJson, makeClip, tempDir } from '../../helpers/media'
import type { StaticServer } from '../../helpers/static-server'

const work = tempDir('hls-studio-chunk-resume-')
const processes: StudioProcess[] = []
afterEach(() => {
  for (const p of processes.splice(0)) p.killGroup()
})

let source: string
let browser: Browser
let server: StaticServer
const out = join(work.path, 'out')
beforeAll(async () => {
  mkdirSync(join(work.path, 'media'))
  mkdirSync(out)
  source = await makeClip(join(work.path, 'media'), 'long film', { seconds: 20, fps: 25 })
  browser = await launchChromium()
  server = await serveProbePages(out)
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  work.cleanup()
})

function storedJobs(dataDir: string): Job[] {
  return (JSON.parse(readFileSync(join(dataDir, 'studio.json'), 'utf8')) as { jobs: Job[] }).jobs
}

async function storeShows(dataDir: string, test: (job: Job) => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const until = Date.now() + deadlineMs
  while (!storedJobs(dataDir).some(test)) {
    if (Date.now() > until) throw new Error(`waited ${deadlineMs / 1000} s for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The chunk folders ffmpeg was started for, in the order of the log's command lines. */
function chunksStarted(logText: string): number[] {
  return [...logText.matchAll(/^.*ffmpeg .*chunks\/c(\d{5})\/v0\.mp4.*$/gm)].map((m) => Number(m[1]))
}

interface Checkpoints {
  chunks: Array<{ index: number; rungs: Record<string, { sha256: string }> }>
}

describe('chunk checkpoints', () => {
  it('SIGKILL after the second chunk, one chunk damaged by hand, then resume: only the rest is encoded', async () => {
    const data = join(work.path, 'data')
    // 20 s at 2 s segments and 4 s chunks: 5 chunks. A slow preset keeps each chunk going for seconds.
    const args = ['encode', source, '--out', out, '--ladder', '240,144', '--segment-seconds', '2', '--chunk-seconds', '4', '--preset', 'slower']
    const encode = startStudio(['--data-dir', data, ...args, '--no-images', '--json'])
    processes.push(encode)
    const created = await encode.waitFor((e) => e.event === 'job-created')
    const jobId = String(created.jobId)
    await encode.waitFor((e) => e.event === 'job-update' && Number(e.completedChunks) >= 2)
    // The job in the store says it too (progress is written about once a second).
    await storeShows(data, (j) => (j.progress?.completedChunks ?? 0) >= 2, 'two chunks done on the stored job')
    encode.crash()
    await encode.exited
    expect(storedJobs(data)).toEqual([expect.objectContaining({ id: jobId, status: 'ENCODING' })])

    const job = storedJobs(data)[0]!
    const partial = join(out, job.slug, `${jobId}.partial`)
    const recorded = (JSON.parse(readFileSync(join(partial, 'chunks', 'done.json'), 'utf8')) as Checkpoints).chunks.map((c) => c.index)
    expect(recorded.length).toBeGreaterThanOrEqual(2)
    expect(recorded.length).toBeLessThan(5)
    // Damaged in place: same size, so only its hash can tell.
    const damaged = join(partial, 'chunks', 'c00001', 'v0.mp4')
    const bytes = readFileSync(damaged)
    bytes.fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64)
    writeFileSync(damaged, bytes)
    const logBefore = readFileSync(join(data, 'logs', `${jobId}.log`), 'utf8')

    const resume = await runStudio(['--data-dir', data, 'resume', '--json'])
    expect(resume.code).toBe(0)
    expect(resume.events.filter((e) => e.event === 'job-completed').map((e) => e.jobId)).toEqual([jobId])

    const logAfter = readFileSync(join(data, 'logs', `${jobId}.log`), 'utf8').slice(logBefore.length)
    const kept = recorded.filter((i) => i !== 1)
    expect(logAfter).toContain(`resuming: ${kept.length} of 5 chunks already done (${kept.map((i) => i + 1).join(', ')})`)
    expect(logAfter).toContain('chunk 2/5: its files no longer match its checkpoint; encoding it again')
    const redone = [0, 1, 2, 3, 4].filter((i) => !kept.includes(i))
    expect(chunksStarted(logAfter).sort()).toEqual(redone)

    const [final] = storedJobs(data)
    expect(final).toMatchObject({ status: 'COMPLETED', plan: expect.objectContaining({ chunking: { chunkSeconds: 4, chunkCount: 5 } }) })
    const packageDir = join(out, job.slug, jobId)
    const facts = await inspectPackage(packageDir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(readdirSync(join(out, job.slug))).toEqual([jobId])
    const sourceFrames = Number((await ffprobeJson(source, ['-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets'])).streams[0].nb_read_packets)
    for (const variant of facts.variants) {
      const frames = await ffprobeJson(join(packageDir, variant.uri), ['-count_packets', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_packets'])
      expect(Number(frames.streams[0].nb_read_packets)).toBe(sourceFrames)
    }

    // One stream through every seam: each SourceBuffer holds one range from 0 to the end.
    for (const player of ['hlsjs', 'shaka'] as const) {
      const report = await probeBuffers(browser, `${server.url}/${player}.html`, `/media/${relative(out, join(packageDir, 'master.m3u8'))}`)
      expect(holesIn(report)).toEqual([])
      expect(report.buffers.map((b) => b.mime.split('/')[0]).sort()).toEqual(['audio', 'video'])
      for (const { ranges } of report.buffers) expect(ranges[0]![1]).toBeGreaterThan(report.duration - 0.1)
      if (player === 'shaka') expect(report.complaints).toEqual([])
    }
  }, 300_000)

  it('Ctrl-C keeps the finished chunks too: the next run goes on from them', async () => {
    const data = join(work.path, 'data-ctrl-c')
    const outHere = join(work.path, 'out-ctrl-c')
    const args = ['encode', source, '--out', outHere, '--ladder', '144', '--segment-seconds', '2', '--chunk-seconds', '4', '--preset', 'slower', '--no-images']
    const encode = startStudio(['--data-dir', data, ...args, '--json'])
    processes.push(encode)
    const created = await encode.waitFor((e) => e.event === 'job-created')
    const jobId = String(created.jobId)
    await encode.waitFor((e) => e.event === 'job-update' && Number(e.completedChunks) >= 1)
    encode.interrupt()
    await encode.exited
    const [job] = storedJobs(data)
    expect(job).toMatchObject({ id: jobId, status: 'QUEUED' })
    const partial = join(outHere, job!.slug, `${jobId}.partial`)
    // Only the checkpointed chunks are left of the stopped encode.
    expect(readdirSync(partial)).toEqual(['chunks'])
    const recorded = (JSON.parse(readFileSync(join(partial, 'chunks', 'done.json'), 'utf8')) as Checkpoints).chunks.map((c) => c.index + 1)
    expect(recorded.length).toBeGreaterThanOrEqual(1)

    const resume = await runStudio(['--data-dir', data, 'resume', '--json'])
    expect(resume.code).toBe(0)
    expect(readFileSync(join(data, 'logs', `${jobId}.log`), 'utf8')).toContain(`resuming: ${recorded.length} of 5 chunks already done (${recorded.join(', ')})`)
    expect((await inspectPackage(join(outHere, job!.slug, jobId), { segmentSeconds: 2 })).problems).toEqual([])
  }, 300_000)
})
