/**
 * bench:chunks' default-path rows: the studio's default encode (whatever it chooses: chunked or
 * not, images on) against the best hand-written single command on the same binary
 * (`-var_stream_map`, identical rungs and x264 settings, poster and storyboard from the same
 * decode). Rounds alternate who goes first. The studio's time is split into its phases
 * (probe and plan, encode, images, packaging) so a gap can be traced to one of them.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { resolveEncodeSettings } from '@shared/settings'
import { probeMedia } from '../src/main/engine/media/probe'
import type { MediaToolkit } from '../src/main/engine/media/toolkit'
import { encodeJob, planJob } from '../src/main/engine/pipeline/encode-job'
import { run, timed } from './bench-process'
import { varStreamMapArgs } from './reference-commands'

export interface StudioPhases {
  wall: number
  probe: number
  encode: number
  images: number
  packaging: number
  chunked: boolean
}

export interface DefaultPathResult {
  studio: StudioPhases[]
  reference: number[]
}

function fresh(dir: string, folders: string[] = []): string {
  rmSync(dir, { recursive: true, force: true })
  for (const folder of ['', ...folders]) mkdirSync(join(dir, folder), { recursive: true })
  return dir
}

async function studioRun(toolkit: MediaToolkit, source: string, out: string): Promise<StudioPhases> {
  const started = performance.now()
  let probed = started
  let imagesFrom: number | undefined
  let encodedAt = started
  let chunked = false
  await encodeJob(toolkit, {
    jobId: 'job-default',
    slug: 'default',
    title: 'default',
    inputPath: source,
    outputRoot: fresh(out),
    settings: resolveEncodeSettings(),
    onStage: (stage) => {
      if (stage === 'ENCODING') probed = performance.now()
    },
    onLog: (line) => {
      if (imagesFrom === undefined && line.includes('thumbnails/poster.jpg')) imagesFrom = performance.now()
    },
    onProgress: (p) => {
      if (p.totalChunks) chunked = true
      // 93 % is reported when ffmpeg ends and again once the images are done; then comes
      // measuring and the package (97 %).
      if (p.stage === 'ENCODING' && p.percent >= 93 && p.percent < 97) encodedAt = performance.now()
    }
  })
  const ended = performance.now()
  const imagesStart = imagesFrom ?? encodedAt
  const seconds = (ms: number): number => ms / 1000
  return {
    wall: seconds(ended - started),
    probe: seconds(probed - started),
    encode: seconds(imagesStart - probed),
    images: seconds(encodedAt - imagesStart),
    packaging: seconds(ended - encodedAt),
    chunked
  }
}

export async function defaultPathRows(toolkit: MediaToolkit, source: string, dir: string, rounds: number): Promise<DefaultPathResult> {
  const ffmpeg = toolkit.binaries.ffmpeg.path
  // The hand-written command needs no probe: its author knows the source. The plan only gives it the same rungs.
  const info = await probeMedia(source, { ffprobePath: toolkit.binaries.ffprobe.path, ffmpegPath: ffmpeg })
  const plan = planJob(info, resolveEncodeSettings(), toolkit)
  const args = varStreamMapArgs(source, plan, { images: { durationSeconds: info.durationSeconds } })
  const result: DefaultPathResult = { studio: [], reference: [] }
  const reference = async (): Promise<void> => {
    const cwd = fresh(join(dir, 'default-vsm'), [...plan.video!.rungs.map((_, i) => `v${i}`), 'thumbnails'])
    const wall = await timed(async () => {
      const { exited } = run(ffmpeg, args, { cwd })
      const ended = await exited
      if (ended.code !== 0) throw new Error(`the -var_stream_map reference failed (${ended.code ?? ended.signal}) on ${ffmpeg}`)
    })
    result.reference.push(wall)
  }
  const studio = async (): Promise<void> => {
    result.studio.push(await studioRun(toolkit, source, join(dir, 'default-studio')))
  }
  for (let round = 0; round < rounds; round++) {
    for (const contender of round % 2 === 0 ? [studio, reference] : [reference, studio]) await contender()
  }
  rmSync(join(dir, 'default-vsm'), { recursive: true, force: true })
  rmSync(join(dir, 'default-studio'), { recursive: true, force: true })
  return result
}
