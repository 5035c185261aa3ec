/**
 * Each worker encodes with its own proven encoder. Two `hls-studio worker` processes on a real
 * redis-server, each with a fake GPU (the one thing this machine cannot have; see
 * helpers/fake-ffmpeg): one whose NVENC works, one whose card allows a single NVENC session,
 * so its two-rung chunks fail as a GeForce card fails them and fall back to libx264. The
 * coordinator's job is libx264; the package still stitches and is conformant.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EncodeSettingsInput } from '@shared/settings'
import { inspectPackage } from '../../helpers/conformance'
import { createFakeFfmpeg } from '../../helpers/fake-ffmpeg'
import { waitUntil } from '../../helpers/wait'
import { useWorkerLab } from '../../helpers/worker-lab'

const SETTINGS: EncodeSettingsInput = { segmentSeconds: 2, ladder: [240, 144], images: false, chunkSeconds: 4 }
const suite = useWorkerLab('hls-studio-worker-encoders-', { name: 'gpu film', seconds: 21, fps: 25 })

function fakeGpu(name: string, nvencSessionLimit?: number) {
  const dir = join(suite.root, `gpu-${name}`)
  mkdirSync(dir)
  return createFakeFfmpeg(dir, { listed: ['h264_nvenc'], working: ['h264_nvenc'], nvencSessionLimit })
}

/** The fake's calls that encoded a chunk (the proofs have no filter graph). */
function chunkEncodes(calls: string[][]): string[][] {
  return calls.filter((args) => args.includes('-filter_complex'))
}

describe('workers choosing their own encoders', () => {
  it('uses each worker’s proven encoder, falls back to libx264 when it fails, and records which did each chunk', async () => {
    const { lab, source } = suite
    const gpu = fakeGpu('working')
    const limited = fakeGpu('one-session', 1)
    const a = await lab.startWorker('gpu', ['--encoder', 'auto'], ['--ffmpeg', gpu.path])
    const b = await lab.startWorker('limited', ['--encoder', 'h264_nvenc'], ['--ffmpeg', limited.path])
    await waitUntil('both workers to announce themselves', async () => (await lab.workersSeen()).length === 2, { timeoutMs: 20_000, intervalMs: 200 })
    // Both proved NVENC (the proof opens one session), so both announce it.
    for (const seen of await lab.workersSeen()) expect(seen.encoders).toEqual(['libx264', 'h264_nvenc'])

    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    const job = await lab.finishedJob(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(job.plan?.video?.encoder).toBe('libx264')
    const workers = job.plan?.chunking?.workers ?? []
    expect(workers.map((w) => w.index)).toEqual([0, 1, 2, 3, 4])
    expect(new Set(workers.map((w) => w.worker))).toEqual(new Set(['gpu', 'limited']))
    for (const done of workers) expect(done.encoder).toBe(done.worker === 'gpu' ? 'h264_nvenc' : 'libx264')

    // The working card encoded every chunk it took with NVENC, at the coordinator's rates and keyframes.
    const gpuChunks = chunkEncodes(gpu.calls())
    expect(gpuChunks.length).toBe(workers.filter((w) => w.worker === 'gpu').length)
    const rungs = job.plan!.video!.rungs
    for (const args of gpuChunks) {
      expect(args.filter((arg, i) => args[i - 1] === '-c:v')).toEqual(['h264_nvenc', 'h264_nvenc'])
      expect(args.filter((arg, i) => args[i - 1] === '-b:v')).toEqual(rungs.map((r) => `${r.videoBitrateKbps}k`))
      expect(args.filter((arg, i) => args[i - 1] === '-force_key_frames')).toEqual(['expr:gte(t,n_forced*2)', 'expr:gte(t,n_forced*2)'])
    }
    // The one-session card refused each chunk's second session; libx264 redid the chunk.
    expect(b.stderr()).toMatch(/fell back to libx264: h264_nvenc: .*Error while opening encoder for output stream #0:1/)
    expect(b.stderr()).toMatch(/delivered 2 rung files \(libx264\)/)
    expect(a.stderr()).not.toMatch(/fell back/)

    const facts = await inspectPackage(job.outputs!.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => v.segments.length)).toEqual([11, 11])
  }, 400_000)
})
