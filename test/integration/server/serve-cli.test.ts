import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/media'
import { startServeProcess } from '../../helpers/serve-process'

describe('hls-studio serve', () => {
  it('takes --media-root, --allow-private-urls and --max-upload-bytes, and refuses a missing root in plain words', async () => {
    const data = tempDir('hls-studio-serve-cli-')
    const token = 'flags-token-0123456789abcdef'
    const serve = await startServeProcess(['--data-dir', join(data.path, 'data')], { HLS_STUDIO_TOKEN: token }, ['--media-root', data.path, '--allow-private-urls', '--max-upload-bytes', '1K'])
    try {
      const answer = await fetch(`${serve.url}/api/uploads?name=big.mp4`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: Buffer.alloc(2048) })
      expect(answer.status).toBe(413)
      expect((await answer.json()).error.message).toBe('big.mp4 is larger than this studio accepts (1024 bytes; serve --max-upload-bytes).')
    } finally {
      await serve.stop()
    }
    const missing = await startServeProcess(['--data-dir', join(data.path, 'data')], { HLS_STUDIO_TOKEN: token }, ['--media-root', join(data.path, 'nowhere')]).catch((e: Error) => e)
    expect(String(missing)).toContain(`--media-root ${join(data.path, 'nowhere')} is not a folder.`)
    data.cleanup()
  })

  it('prints a login link with a fresh token, answers with it, and stops cleanly on SIGTERM', async () => {
    const data = tempDir('hls-studio-serve-cli-')
    const serve = await startServeProcess(['--data-dir', join(data.path, 'data')])
    try {
      const link = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=(\S+))/.exec(serve.stdout())
      expect(link).not.toBeNull()
      const token = decodeURIComponent(link![2]!)
      expect((await fetch(`${serve.url}/api/health`)).status).toBe(401)
      const health = await fetch(`${serve.url}/api/health`, { headers: { Authorization: `Bearer ${token}` } })
      expect(await health.json()).toMatchObject({ ok: true, ffmpeg: { found: true } })
      expect(await serve.stop()).toBe(0)
      expect(serve.stderr()).toContain('unfinished jobs stay queued')
    } finally {
      await serve.stop()
      data.cleanup()
    }
  })

  it('never prints a token it was given', async () => {
    const data = tempDir('hls-studio-serve-cli-')
    const token = 'given-token-must-stay-secret-42'
    const serve = await startServeProcess(['--data-dir', join(data.path, 'data')], { HLS_STUDIO_TOKEN: token })
    try {
      expect(serve.stdout()).toContain('#token=<your token>')
      expect((await fetch(`${serve.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
    } finally {
      await serve.stop()
      expect(serve.stdout() + serve.stderr()).not.toContain(token)
      data.cleanup()
    }
  })

  it('logs JSON lines to <data dir>/studio.log, and the terminal at --log-level, without the token', async () => {
    const data = tempDir('hls-studio-serve-cli-')
    const token = 'log-level-token-0123456789abcdef'
    const dataDir = join(data.path, 'data')
    const serve = await startServeProcess(['--data-dir', dataDir, '--log-level', 'info'], { HLS_STUDIO_TOKEN: token })
    try {
      expect(serve.stdout()).toContain(`The log: ${join(dataDir, 'studio.log')}`)
      expect((await fetch(`${serve.url}/api/health?probe=1`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
      expect(await serve.stop()).toBe(0)
      const lines = readFileSync(join(dataDir, 'studio.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
      expect(lines).toContainEqual(expect.objectContaining({ app: 'serve', msg: 'request', method: 'GET', path: '/api/health?…', status: 200 }))
      expect(serve.stderr()).toMatch(/^info: request$/m)
      for (const text of [readFileSync(join(dataDir, 'studio.log'), 'utf8'), serve.stderr()]) expect(text).not.toContain(token)
    } finally {
      await serve.stop()
      data.cleanup()
    }
  })
})
