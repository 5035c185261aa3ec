import { request } from 'node:http'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandOutcome } from '../../../src/shared/contract'
import type { AddJobsResult } from '../../../src/shared/queue'
import { tempDir } from '../../helpers/media'
import { TEST_TOKEN } from '../../helpers/serve'
import { startServeProcess, type ServeProcess } from '../../helpers/serve-process'
import { waitUntil } from '../../helpers/wait'

const MIB = 1024 * 1024
const UPLOAD_BYTES = 1024 * MIB

/** 1 GiB from one reused 1 MiB buffer: the client side holds no more than the server should. */
function oneGibibyte(): Readable {
  const chunk = Buffer.alloc(MIB, 7)
  let sent = 0
  return new Readable({
    read() {
      if (sent >= UPLOAD_BYTES) return void this.push(null)
      sent += MIB
      this.push(chunk)
    }
  })
}

function upload(url: string, name: string, body: Readable, length: number): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, method: 'POST', path: `/api/uploads?name=${encodeURIComponent(name)}`, headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/octet-stream', 'Content-Length': length } },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    body.pipe(req)
  })
}

describe('streaming browser uploads', () => {
  let serve: ServeProcess
  const data = tempDir('hls-studio-upload-')
  beforeAll(async () => {
    serve = await startServeProcess(['--data-dir', join(data.path, 'data')], { HLS_STUDIO_TOKEN: TEST_TOKEN })
  })
  afterAll(async () => {
    await serve?.stop()
    data.cleanup()
  })

  it('writes a 1 GiB upload to disk as it arrives: the server’s memory stays flat, and the job exists when the answer comes', async () => {
    // Let the process settle (JIT, first requests) before the baseline.
    await fetch(`${serve.url}/api/health`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
    const baseline = serve.rss()
    let peak = baseline
    const sampler = setInterval(() => (peak = Math.max(peak, serve.rss())), 50)
    const answer = await upload(serve.url, 'huge source.mov', oneGibibyte(), UPLOAD_BYTES).finally(() => clearInterval(sampler))
    peak = Math.max(peak, serve.rss())

    expect(answer.status).toBe(200)
    const outcome = JSON.parse(answer.body) as CommandOutcome<AddJobsResult>
    if (!outcome.ok) throw new Error(outcome.error.message)
    const job = outcome.value.created[0]!
    expect(job.title).toBe('huge source')
    expect(job.source.kind === 'file' && statSync(job.source.path).size).toBe(UPLOAD_BYTES)

    const growthMiB = (peak - baseline) / MIB
    console.log(`serve RSS: baseline ${(baseline / MIB).toFixed(0)} MiB, peak during a 1 GiB upload ${(peak / MIB).toFixed(0)} MiB (+${growthMiB.toFixed(0)} MiB)`)
    expect(baseline).toBeGreaterThan(0)
    // Buffering the file would add 1024 MiB; streaming adds socket and stream buffers only.
    expect(growthMiB).toBeLessThan(128)

    const metrics = await (await fetch(`${serve.url}/metrics`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).text()
    expect(metrics).toContain(`hls_studio_upload_bytes_total ${UPLOAD_BYTES}`)
  })

  it('keeps neither a file nor a job when the browser goes away mid-file', async () => {
    const { hostname, port } = new URL(serve.url)
    await new Promise<void>((resolve) => {
      const req = request({ hostname, port, method: 'POST', path: '/api/uploads?name=cut.mp4', headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Length': 50 * MIB } })
      req.on('error', () => resolve())
      req.write(Buffer.alloc(5 * MIB), () => setTimeout(() => req.destroy(), 200))
    })
    // The server removes the partial file once it sees the connection gone; wait for that (no clock involved).
    const uploads = join(data.path, 'data', 'uploads')
    await waitUntil('the server to remove the cut-off upload', () => readdirSync(uploads).length <= 1)
    expect(readdirSync(uploads)).toHaveLength(1)
    const jobs = await (await fetch(`${serve.url}/metrics`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })).text()
    // Only the first test's job exists.
    const total = [...jobs.matchAll(/^hls_studio_jobs\{status="\w+"\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0)
    expect(total).toBe(1)
  })
})
