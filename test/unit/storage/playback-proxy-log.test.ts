/**
 * Issue 14: the playback proxy answers a player with a sentence, and keeps the cause of the
 * failure in the log. A real S3 client against a port nothing listens on fails as an
 * unreachable bucket does.
 */
import { createServer } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import type { StorageTarget } from '../../../src/shared/targets'
import { createStudioLog } from '../../../src/main/engine/logging/studio-log'
import { PlaybackProxy } from '../../../src/main/engine/storage/playback-proxy'
import { S3StorageProvider } from '../../../src/main/engine/storage/s3-storage-provider'

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('the playback proxy log', () => {
  const lines: string[] = []
  const log = createStudioLog({ level: 'info', destinations: [{ stream: { write: (line: string) => void lines.push(line) } }], location: 'memory' })
  let proxy: PlaybackProxy
  let objects: S3StorageProvider
  afterAll(() => {
    proxy?.close()
    objects?.close()
  })

  it('answers 502 in plain words and logs the cause, without the session token', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`
    const target: StorageTarget = {
      name: 'vault',
      provider: 'minio',
      endpoint,
      region: 'us-east-1',
      bucket: 'private-bucket',
      pathStyle: true,
      visibility: 'private',
      deleteLocalAfterUpload: false,
      keyPrefixTemplate: '{slug}/{jobId}',
      parallelism: 1,
      createdAt: '2026-12-03T00:00:00.000Z',
      updatedAt: '2026-12-03T00:00:00.000Z'
    }
    const secret = { accessKeyId: 'AKIDLOGTEST', secretAccessKey: 'proxy-secret-value' }
    objects = new S3StorageProvider({ targets: { resolve: async () => ({ target, secret }) }, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 } })
    proxy = new PlaybackProxy({ objects, log })
    await proxy.start()

    const answer = await fetch(proxy.playbackUrl('vault', 'show/job-1/master.m3u8'))
    expect(answer.status).toBe(502)
    const shown = await answer.text()
    expect(shown).not.toMatch(/at .*\.ts:\d+/)

    const records = lines.map((line) => JSON.parse(line) as { msg: string; target?: string; err?: { message: string; stack: string } })
    const failure = records.find((record) => record.target === 'vault')
    expect(failure?.msg).toBe(shown.trim())
    expect(failure?.err?.stack).toMatch(/ECONNREFUSED|connect/)
    const text = lines.join('')
    for (const secret of [proxy.token, 'proxy-secret-value']) expect(text).not.toContain(secret)
  })
})
