/**
 * npm run bench:workers [-- --seconds 180 --height 1080 --chunk-seconds 60]
 * npm run bench:workers -- --short   (a smoke run: 12 s of 240p in 4 s chunks; its numbers mean nothing)
 *
 * The same generated source and settings, four ways, every ratio against "chunked locally"
 * measured in this run (issue 12's target: at most 10% overhead on the same cores):
 * - one process, single pass (chunkSeconds 0);
 * - chunked locally (one chunk at a time, the default on 2 cores);
 * - a coordinator (serve --redis, its own worker off) and 1 `hls-studio worker` on loopback;
 * - the same with 2 workers.
 * CPU is user+system of each process and the ffmpeg children it waited for (/proc/<pid>/stat).
 * A benchmark, not a test: it never fails on timing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { EncodeSettingsInput } from '@shared/settings'
import { makeClip } from '../test/helpers/media'
import { encodeFile } from '../test/helpers/encode'
import { startWorkerLab } from '../test/helpers/worker-lab'

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '180' },
    height: { type: 'string', default: '1080' },
    'chunk-seconds': { type: 'string', default: '60' },
    short: { type: 'boolean', default: false }
  }
})
const seconds = flags.short ? 12 : Number(flags.seconds)
const height = flags.short ? 240 : Number(flags.height)
const chunkSeconds = flags.short ? 4 : Number(flags['chunk-seconds'])
const TICKS = 100

/** CPU seconds of a process and its waited-for children. */
function cpuOf(pid: number | 'self'): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / TICKS
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

/** The studio process under a tsx wrapper: the wrapper's child running the CLI. */
function treeCpu(pid: number): number {
  return cpuOf(pid) + childrenOf(pid).reduce((sum, child) => sum + treeCpu(child), 0)
}

interface Row {
  run: string
  wall: number
  cpu: Record<string, number>
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'hls-studio-bench-workers-'))
  const media = join(root, 'media')
  mkdirSync(media)
  try {
    const width = Math.round((height * 16) / 9 / 2) * 2
    const source = await makeClip(media, `source-${height}p30-${seconds}s`, { seconds, fps: 30, width, height })
    const settings: EncodeSettingsInput = { images: false, chunkSeconds }
    const rows: Row[] = []

    for (const [run, chunk] of [['one process, single pass', 0], ['chunked locally, 1 chunk at a time', chunkSeconds]] as const) {
      const cpuBefore = cpuOf('self')
      const started = performance.now()
      await encodeFile(source, join(root, `local-${chunk}`), { ...settings, chunkSeconds: chunk, parallelChunks: 1 })
      rows.push({ run, wall: (performance.now() - started) / 1000, cpu: { studio: cpuOf('self') - cpuBefore } })
      console.error(`${run}: ${rows.at(-1)!.wall.toFixed(1)} s`)
    }

    for (const count of [1, 2]) {
      const lab = await startWorkerLab(join(root, `lab-${count}`), media)
      try {
        const workers = []
        for (let i = 0; i < count; i++) workers.push(await lab.startWorker(`w${i + 1}`))
        const cpuBefore = cpuOf('self')
        const started = performance.now()
        const studio = lab.server.runtime.studio
        const { created } = await studio.jobs.add({ sources: [source], settings })
        const jobId = created[0]!.id
        const deadline = Date.now() + 3 * 3600_000
        while (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(studio.jobs.get(jobId).status)) {
          if (Date.now() > deadline) throw new Error('waited 3 h for the workers to finish')
          await new Promise((r) => setTimeout(r, 200))
        }
        if (studio.jobs.get(jobId).status !== 'COMPLETED') throw new Error(`the job ended ${studio.jobs.get(jobId).status}: ${studio.jobs.get(jobId).error?.message}`)
        const cpu: Record<string, number> = { coordinator: cpuOf('self') - cpuBefore }
        for (const [i, worker] of workers.entries()) cpu[`worker ${i + 1}`] = treeCpu(worker.child.pid!)
        rows.push({ run: `coordinator + ${count} worker${count > 1 ? 's' : ''} on loopback`, wall: (performance.now() - started) / 1000, cpu })
        console.error(`${rows.at(-1)!.run}: ${rows.at(-1)!.wall.toFixed(1)} s`)
      } finally {
        await lab.close()
      }
    }

    const reference = rows[1]!.wall
    console.log(`\n${seconds} s of ${height}p30, default ladder, x264 veryfast, ${chunkSeconds} s chunks, ${availableParallelism()} cores\n`)
    console.log('| run | wall (s) | CPU per process (s) | ÷ chunked locally |')
    console.log('| --- | ---: | --- | ---: |')
    for (const row of rows) {
      const cpu = Object.entries(row.cpu).map(([who, s]) => `${who} ${s.toFixed(1)}`).join(', ')
      console.log(`| ${row.run} | ${row.wall.toFixed(1)} | ${cpu} | ${(row.wall / reference).toFixed(2)} |`)
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
