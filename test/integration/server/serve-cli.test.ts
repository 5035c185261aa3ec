import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/media'
import { startServeProcess } from '../../helpers/serve-process'

describe('hls-studio serve', () => {
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
})
