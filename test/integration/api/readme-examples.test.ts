/**
 * The README's HTTP API examples, run as written (bash, curl, jq) against a real serve, and
 * its webhook check run by node against a real signature: if either drifts, this fails.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signWebhook } from '../../../src/main/engine/automation/webhook-signature'
import { startMediaHttpServer, type MediaHttpServer } from '../../helpers/media-http-server'
import { makeClip, tempDir } from '../../helpers/media'
import { startTestServer, type TestServer } from '../../helpers/serve'

const run = promisify(execFile)
const README = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8')

/** The fenced block right after `<!-- marker -->`. */
function exampleAfter(marker: string): string {
  const start = README.indexOf(`<!-- ${marker} -->`)
  expect(start, `README has no <!-- ${marker} -->`).toBeGreaterThan(0)
  const block = /```\w*\n([\s\S]*?)```/.exec(README.slice(start))
  return block![1]!
}

describe('the README’s HTTP API section', () => {
  let t: TestServer
  let media: MediaHttpServer
  let cwd: { path: string; cleanup: () => void }

  beforeAll(async () => {
    // A short keep-alive: the example's `grep -m1` ends curl at the next write after the event.
    t = await startTestServer({ addressAllowed: (a) => a === '127.0.0.1', apiKeepAliveMs: 300 })
    cwd = tempDir('hls-studio-readme-')
    const clip = await makeClip(cwd.path, 'talk', { seconds: 2 })
    copyFileSync(clip, join(cwd.path, 'episode.mp4'))
    writeFileSync(join(cwd.path, 'talk.fr.srt'), '1\n00:00:00,000 --> 00:00:01,000\nBonjour\n')
    media = await startMediaHttpServer(readFileSync(clip))
  })
  afterAll(async () => {
    await t?.close()
    await media?.close()
    cwd?.cleanup()
  })

  it('runs the curl examples as written, and each prints what the README says', async () => {
    const script = exampleAfter('http-api-examples')
    const { stdout, stderr } = await run('bash', ['-e', '-c', script], {
      cwd: cwd.path,
      env: { ...process.env, STUDIO: t.server.url, T: t.server.token, VIDEO: media.url('/episode-1.mp4') },
      timeout: 240_000
    })
    expect(stderr).toBe('')
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('event: job-completed')
    const completed = JSON.parse(lines[1]!.replace(/^data: /, ''))
    expect(completed).toMatchObject({ slug: 'episode-1-le-commencement', title: 'Épisode 1 - Le Commencement', jobStatus: 'COMPLETED' })
    const id = completed.jobId as string
    expect(lines[2]).toBe('COMPLETED')
    expect(lines[3]).toBe(`${t.server.url}/media/${id}/master.m3u8`)
    expect(completed.playbackUrl).toBe(lines[3])
    const tail = lines.slice(4, -4)
    expect(tail.length).toBeGreaterThan(0)
    expect(tail.length).toBeLessThanOrEqual(5)
    expect(lines.at(-4)).toBe('conference')
    expect(lines.at(-3)).toBe('0')
    expect(lines.at(-2)).toBe('INVALID_TRANSITION')
    expect(lines.at(-1)).toBe(id)
  })

  it('checks a real signature with the README’s webhook snippet, and refuses a changed body', async () => {
    const module = join(cwd.path, 'verify.mjs')
    writeFileSync(module, exampleAfter('webhook-verify-example'))
    const body = JSON.stringify({ id: 1, event: 'job-completed', data: { jobId: 'job-1' } })
    const header = signWebhook('whsec_test', body, Math.floor(Date.now() / 1000))
    const check = `import { verifyStudioWebhook } from ${JSON.stringify(module)}
const [header, body] = process.argv.slice(1)
console.log(verifyStudioWebhook('whsec_test', header, body), verifyStudioWebhook('whsec_test', header, body + ' '), verifyStudioWebhook('whsec_other', header, body))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', check, header, body])
    expect(stdout.trim()).toBe('true false false')
  })
})
