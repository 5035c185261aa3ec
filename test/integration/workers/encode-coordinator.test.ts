/**
 * `hls-studio encode --redis` as a coordinator, as serve is one: with no worker of its own it
 * opens the worker routes on their own port and prints the worker command; a real
 * `hls-studio worker` process on a real redis-server takes every chunk, and encode finishes.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectPackage } from '../../helpers/conformance'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { makeClip, tempDir } from '../../helpers/media'
import { startRedis, type TestRedis } from '../../helpers/redis-server'
import { WORKER_TOKEN } from '../../helpers/worker-lab'

const work = tempDir('hls-studio-encode-coordinator-')
let redis: TestRedis
let source: string
const processes: StudioProcess[] = []

beforeAll(async () => {
  mkdirSync(join(work.path, 'media'))
  source = await makeClip(join(work.path, 'media'), 'cli film', { seconds: 13, fps: 25 })
  redis = await startRedis()
}, 60_000)
afterAll(async () => {
  for (const p of processes) p.killGroup()
  await redis?.close()
  work.cleanup()
})

describe('encode --redis', () => {
  it('hands every chunk to a worker through the routes it opens, and finishes the package', async () => {
    const out = join(work.path, 'out')
    const encode = startStudio([
      '--data-dir', join(work.path, 'coordinator'), 'encode', source, '--out', out, '--json',
      '--segment-seconds', '2', '--chunk-seconds', '4', '--ladder', '240,144', '--no-images', '--no-quality',
      '--redis', redis.url, '--no-local-worker', '--worker-port', '0', '--worker-token', WORKER_TOKEN
    ])
    processes.push(encode)
    await encode.waitForStderr('--token <your worker token>')
    const serverUrl = /--server (http:\/\/127\.0\.0\.1:\d+) /.exec(encode.stderr())?.[1]
    expect(serverUrl, encode.stderr()).toBeDefined()
    expect(encode.stderr()).toContain(`Workers: chunks go through Redis at ${redis.url}.`)
    const worker = startStudio(['--data-dir', join(work.path, 'worker'), 'worker', '--redis', redis.url, '--server', serverUrl!, '--token', WORKER_TOKEN, '--name', 'cli-helper'])
    processes.push(worker)

    const done = await encode.waitFor((e) => e.event === 'job-completed' || e.event === 'job-failed')
    expect(done.event, encode.stderr()).toBe('job-completed')
    expect((await encode.exited).code).toBe(0)
    // Every chunk (13 s in 4 s chunks: 3) was the worker's.
    expect(worker.stderr().match(/delivered 2 rung files/g)?.length).toBe(3)
    const facts = await inspectPackage(done.outputDir as string, { segmentSeconds: 2 })
    expect(facts.problems).toEqual([])
    expect(facts.variants.map((v) => v.segments.length)).toEqual([7, 7])
  }, 300_000)
})
