/**
 * Hardware encoder detection and fallback, through a fake ffmpeg that behaves like a real
 * build on a machine without the devices (and, where a test says so, with one).
 */
import { mkdirSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageManifest } from '@shared/job'
import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { encodeJob, type EncodeJobResult } from '../../../src/main/engine/pipeline/encode-job'
import { encoderReportFor } from '../../../src/main/engine/pipeline/video-encoder-choice'
import { loadMediaToolkit, type MediaToolkit } from '../../../src/main/engine/media/toolkit'
import { newJobId } from '../../../src/main/engine/sources/naming'
import { inspectPackage } from '../../helpers/conformance'
import { createFakeFfmpeg, type FakeFfmpeg, type FakeGpuOptions } from '../../helpers/fake-ffmpeg'
import { makeClip, tempDir } from '../../helpers/media'

const work = tempDir()
const ALL_HARDWARE = ['h264_nvenc', 'hevc_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf']
let clip: string
let fakes = 0

beforeAll(async () => {
  clip = await makeClip(work.path, 'gpu-test', { seconds: 4 })
})
afterAll(() => work.cleanup())

/** A fresh fake in its own folder (so its identity, and so its cache entry, is its own). */
async function fakeToolkit(options: FakeGpuOptions): Promise<{ fake: FakeFfmpeg; toolkit: MediaToolkit; dataDir: string }> {
  const dir = join(work.path, `fake-${++fakes}`)
  mkdirSync(dir, { recursive: true })
  const fake = createFakeFfmpeg(dir, options)
  const toolkit = await loadMediaToolkit({ overrides: { ffmpeg: fake.path }, cacheFile: join(dir, 'data', 'cache', 'ffmpeg-capabilities.json') })
  return { fake, toolkit, dataDir: join(dir, 'data') }
}

function proofsIn(fake: FakeFfmpeg): string[][] {
  return fake.calls().filter((args) => args.includes('testsrc2=size=1280x720:rate=30:duration=1'))
}

async function encodeWith(toolkit: MediaToolkit, settings: EncodeSettingsInput, logs: string[] = []): Promise<EncodeJobResult> {
  return encodeJob(toolkit, {
    jobId: newJobId(),
    slug: 'gpu-test',
    title: 'gpu test',
    inputPath: clip,
    outputRoot: join(work.path, 'out'),
    settings: resolveEncodeSettings({ segmentSeconds: 2, ladder: [240, 180], images: false, ...settings }),
    onLog: (line, level) => logs.push(`${level}: ${line}`)
  })
}

describe('hardware encoders on a machine without the devices', () => {
  it('proves each listed encoder with a 720p test encode and reports ffmpeg’s own reason', async () => {
    const { fake, toolkit } = await fakeToolkit({ listed: ALL_HARDWARE })
    const report = await encoderReportFor(toolkit)
    const byName = Object.fromEntries(report.encoders.map((e) => [e.name, e]))
    expect(byName.libx264).toMatchObject({ usable: true, kind: 'software' })
    expect(byName.h264_nvenc).toMatchObject({ usable: false, reason: 'Cannot load libcuda.so.1' })
    expect(byName.hevc_nvenc).toMatchObject({ usable: false, reason: 'Cannot load libcuda.so.1' })
    expect(byName.h264_qsv).toMatchObject({ usable: false, reason: 'Cannot open DRM render node for device 0.' })
    expect(byName.h264_vaapi).toMatchObject({ usable: false, reason: 'Failed to open /dev/dri/renderD128 as DRM device node.' })
    expect(byName.h264_videotoolbox).toMatchObject({ usable: false, reason: 'Error: cannot create compression session: -12908' })
    expect(byName.h264_amf).toMatchObject({ usable: false, reason: 'DLL libamfrt64.so.1 failed to open' })
    expect(report.auto).toBe('libx264')

    // Each proof is a real-size encode with the device set-up that encoder needs.
    const proofs = proofsIn(fake)
    const vaapi = proofs.find((args) => args.includes('h264_vaapi'))!
    expect(vaapi.slice(vaapi.indexOf('-vaapi_device'), vaapi.indexOf('-vaapi_device') + 2)).toEqual(['-vaapi_device', '/dev/dri/renderD128'])
    expect(vaapi[vaapi.indexOf('-vf') + 1]).toBe('format=yuv420p,format=nv12,hwupload')
    const qsv = proofs.find((args) => args.includes('h264_qsv'))!
    expect(qsv).toContain('qsv=hw')
    for (const proof of proofs) expect(proof[proof.indexOf('-frames:v') + 1]).toBe('10')
  })

  it('caches the proofs per binary identity and proves again on refresh or when the binary changes', async () => {
    const { fake, toolkit } = await fakeToolkit({ listed: ['h264_nvenc'] })
    const report = await encoderReportFor(toolkit)
    const first = proofsIn(fake).length
    // libx264, h264_nvenc, and the VAAPI and V4L2 encoders the bundled build itself lists.
    expect(report.encoders.map((e) => e.name)).toEqual(['libx264', 'h264_nvenc', 'h264_vaapi', 'h264_v4l2m2m'])
    expect(first).toBe(report.encoders.length)
    await encoderReportFor(toolkit)
    expect(proofsIn(fake)).toHaveLength(first)

    // A new process reads the cache file instead of proving again.
    const reloaded = await loadMediaToolkit({ overrides: { ffmpeg: fake.path }, cacheFile: join(fake.path, '..', 'data', 'cache', 'ffmpeg-capabilities.json') })
    const cached = JSON.parse(readFileSync(reloaded.encoderCacheFile!, 'utf8')) as Array<{ ffmpegPath: string }>
    expect(cached.map((r) => r.ffmpegPath)).toEqual([fake.path])
    await encoderReportFor(reloaded)
    expect(proofsIn(fake)).toHaveLength(first)

    await encoderReportFor(reloaded, { refresh: true })
    expect(proofsIn(fake)).toHaveLength(first * 2)

    const later = new Date(Date.now() + 60_000)
    utimesSync(fake.path, later, later)
    const updated = await loadMediaToolkit({ overrides: { ffmpeg: fake.path }, cacheFile: join(fake.path, '..', 'data', 'cache', 'ffmpeg-capabilities.json') })
    await encoderReportFor(updated)
    expect(proofsIn(fake)).toHaveLength(first * 3)
  })

  it('auto encodes with libx264, and an unusable encoder asked for by name falls back and says why', async () => {
    const { toolkit } = await fakeToolkit({ listed: ALL_HARDWARE })
    const auto = await encodeWith(toolkit, { encoder: 'auto' })
    expect(auto.plan.video?.encoder).toBe('libx264')
    expect(auto.warnings).toEqual([])

    const logs: string[] = []
    const named = await encodeWith(toolkit, { encoder: 'h264_nvenc' }, logs)
    const warning = 'fell back to libx264: h264_nvenc: listed, but Cannot load libcuda.so.1'
    expect(named.plan.video?.encoder).toBe('libx264')
    expect(named.warnings).toEqual([warning])
    expect(logs).toContain(`warn: ${warning}`)
    const manifest = JSON.parse(readFileSync(named.outputs.manifest, 'utf8')) as PackageManifest
    expect(manifest.warnings).toContain(warning)
  })
})

describe('hardware encoders with a working device', () => {
  it('auto picks the proven GPU encoder and its rungs stay aligned with an IDR at every segment', async () => {
    const { fake, toolkit } = await fakeToolkit({ listed: ALL_HARDWARE, working: ['h264_nvenc'] })
    const result = await encodeWith(toolkit, { encoder: 'auto' })
    expect(result.plan.video?.encoder).toBe('h264_nvenc')
    expect(result.warnings).toEqual([])
    const encode = fake.calls().find((args) => args.includes('-hls_segment_filename'))!
    expect(encode.filter((a) => a === 'h264_nvenc')).toHaveLength(2)
    expect(encode).toContain('-forced-idr')
    const facts = await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
  })

  it('redoes the encode with libx264 when the GPU refuses mid-job, and records why', async () => {
    // The proof opens one NVENC session; the job needs one per rung, and the card allows one.
    const { fake, toolkit } = await fakeToolkit({ listed: ['h264_nvenc'], working: ['h264_nvenc'], nvencSessionLimit: 1 })
    const logs: string[] = []
    const result = await encodeWith(toolkit, { encoder: 'auto' }, logs)
    const warning = 'fell back to libx264: h264_nvenc: OpenEncodeSessionEx failed: out of memory (10): (no details)'
    expect(result.warnings).toEqual([warning])
    expect(logs).toContain(`warn: ${warning}`)
    expect(result.plan.video?.encoder).toBe('libx264')
    const encodes = fake.calls().filter((args) => args.includes('-hls_segment_filename'))
    expect(encodes.map((args) => args[args.indexOf('-c:v') + 1])).toEqual(['h264_nvenc', 'libx264'])
    const manifest = JSON.parse(readFileSync(result.outputs.manifest, 'utf8')) as PackageManifest
    expect(manifest.warnings).toContain(warning)
    expect(manifest.plan.video?.encoder).toBe('libx264')
    expect((await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })).problems).toEqual([])
  })

  it('writes HEVC into fMP4 with an hvc1 CODECS string when HEVC NVENC is asked for', async () => {
    const { toolkit } = await fakeToolkit({ listed: ['hevc_nvenc'], working: ['hevc_nvenc'] })
    const result = await encodeWith(toolkit, { encoder: 'hevc_nvenc' })
    expect(result.plan.video?.encoder).toBe('hevc_nvenc')
    expect(result.plan.segmentFormat).toBe('fmp4')
    expect(result.warnings).toContain('hevc_nvenc writes HEVC, which HLS carries in fMP4 only: segments are fMP4, not TS.')
    const master = readFileSync(result.outputs.masterPlaylist, 'utf8')
    expect(master).toMatch(/CODECS="hvc1\.1\.6\.L\d+\.[0-9a-f.]+,mp4a\.40\.2"/)
    expect(result.manifest.files.map((f) => f.path)).toContain('v0/init.mp4')
  })

  it('drives VAAPI through its device and hwupload', async () => {
    const { fake, toolkit } = await fakeToolkit({ listed: ['h264_vaapi'], working: ['h264_vaapi'] })
    const result = await encodeWith(toolkit, { encoder: 'h264_vaapi' })
    expect(result.plan.video?.encoder).toBe('h264_vaapi')
    const encode = fake.calls().find((args) => args.includes('-hls_segment_filename'))!
    expect(encode.slice(0, encode.indexOf('-i'))).toContain('-vaapi_device')
    expect(encode[encode.indexOf('-filter_complex') + 1]).toContain('setsar=1,format=nv12,hwupload[v0]')
    expect((await inspectPackage(result.outputs.dir, { segmentSeconds: 2 })).problems).toEqual([])
  })
})
