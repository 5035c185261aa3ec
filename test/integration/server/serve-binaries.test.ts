/**
 * Issue 13, point 1: a file uploaded through serve, then named as ffmpeg, ran as the studio's
 * user; naming a 0600 key file made it world-readable and echoed its first line. Now a browser
 * cannot change ffmpeg at all, and the desktop (which may) never changes a file's mode nor
 * repeats what a binary printed.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStudioRuntime, type StudioRuntime } from '../../../src/main/engine/studio-runtime'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import type { CommandOutcome } from '../../../src/shared/contract'
import { isStudioError } from '../../../src/shared/errors'
import type { AddJobsResult } from '../../../src/shared/queue'
import { seededBytes, tempDir } from '../../helpers/media'
import { authorized, connectClient, startTestServer, type TestServer } from '../../helpers/serve'

const KEY_LINE = '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA'

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  if (!isStudioError(error)) throw new Error(`expected a refusal, got ${JSON.stringify(error)}`)
  return { code: error.code, message: error.message }
}

describe('serve: an uploaded script named as ffmpeg', () => {
  let t: TestServer
  let client: WebSocketStudioClient
  beforeAll(async () => {
    t = await startTestServer()
    client = connectClient(t.server)
  })
  afterAll(async () => {
    client?.close()
    await t?.close()
  })

  it('is refused: ffmpeg cannot be changed from a browser, and the script never runs', async () => {
    const marker = join(t.workDir, 'owned.txt')
    // Binary bytes after `exit` get past the upload's "plainly not media" text check, as an
    // attacker's payload would; the shell never reads that far.
    const script = Buffer.concat([Buffer.from(`#!/bin/sh\nid > "${marker}"\necho "ffmpeg version 9.9"\nexit 0\n`), seededBytes(4096, 13)])
    const answer = await fetch(`${t.server.url}/api/uploads?name=ffmpeg.mp4&options=${encodeURIComponent(JSON.stringify({ target: null }))}`, authorized(t.server, { method: 'POST', body: script }))
    const outcome = (await answer.json()) as CommandOutcome<AddJobsResult>
    if (!outcome.ok) throw new Error(outcome.error.message)
    const job = outcome.value.created[0]
    if (!job) throw new Error(`the upload made no job: ${JSON.stringify(outcome.value.skipped)}`)
    const uploaded = job.source.kind === 'file' ? job.source.path : ''
    expect(readFileSync(uploaded).equals(script)).toBe(true)
    const modeBefore = statSync(uploaded).mode

    for (const ffmpeg of [{ mode: 'custom' as const, ffmpegPath: uploaded, ffprobePath: uploaded }, { mode: 'system' as const }]) {
      const { code, message } = await refusal(client.invoke('settings.update', { ffmpeg }))
      expect(code).toBe('UNSUPPORTED')
      expect(message).toBe('From a browser, ffmpeg cannot be changed: it is chosen when serve starts (--ffmpeg and --ffprobe, or HLS_STUDIO_FFMPEG and HLS_STUDIO_FFPROBE).')
    }
    expect((await client.invoke('settings.get')).ffmpeg).toEqual({ mode: 'bundled' })
    expect((await client.invoke('app.info')).ffmpeg.source).toBe('bundled')
    // The queue probes the upload as media (and fails it); it is never executed.
    expect(existsSync(marker)).toBe(false)
    expect(statSync(uploaded).mode).toBe(modeBefore)
    expect(statSync(uploaded).mode & 0o111).toBe(0)
  })
})

describe('the desktop: a custom ffmpeg path', () => {
  let runtime: StudioRuntime
  const work = tempDir('hls-studio-binaries-')
  beforeAll(async () => {
    runtime = await openStudioRuntime({ mode: 'desktop', dataDir: join(work.path, 'data'), defaultOutputDir: join(work.path, 'out'), version: '0.0.0-test', mediaBaseUrl: 'studio-media://package', env: { PATH: process.env.PATH } })
  })
  afterAll(async () => {
    await runtime?.close()
    work.cleanup()
  })

  it('refuses a 0600 key file without changing its mode or repeating a byte of it', async () => {
    const key = join(work.path, 'id_ed25519')
    writeFileSync(key, `${KEY_LINE}\nAAAAC3NzaC1lZDI1NTE5\n`)
    chmodSync(key, 0o600)
    const { code, message } = await refusal(runtime.handlers['settings.update']({ ffmpeg: { mode: 'custom', ffmpegPath: key, ffprobePath: key } }))
    expect(code).toBe('FFMPEG_MISSING')
    expect(message).toBe(`${key} is not executable, so it was not used as ffmpeg. HLS Studio does not change the mode of files it did not install.`)
    expect(statSync(key).mode & 0o777).toBe(0o600)
    expect(message).not.toContain('BEGIN')
    expect((await runtime.handlers['settings.get'](undefined)).ffmpeg).toEqual({ mode: 'bundled' })
  })

  it('refuses an executable that does not answer -version like ffmpeg, without echoing what it printed', async () => {
    const fake = join(work.path, 'not-ffmpeg')
    writeFileSync(fake, `#!/bin/sh\necho "${KEY_LINE}"\necho "${KEY_LINE}" >&2\nexit 0\n`)
    chmodSync(fake, 0o755)
    const { code, message } = await refusal(runtime.handlers['settings.update']({ ffmpeg: { mode: 'custom', ffmpegPath: fake, ffprobePath: fake } }))
    expect(code).toBe('FFMPEG_MISSING')
    expect(message).toBe(`${fake} does not answer -version like ffmpeg does, so it was not used.`)
    expect(message).not.toContain('BEGIN')
  })

  it('refuses a folder and a missing path in plain words', async () => {
    expect((await refusal(runtime.handlers['settings.update']({ ffmpeg: { mode: 'custom', ffmpegPath: work.path, ffprobePath: work.path } }))).message).toContain('is not a file')
    expect((await refusal(runtime.handlers['settings.update']({ ffmpeg: { mode: 'custom', ffmpegPath: join(work.path, 'gone'), ffprobePath: join(work.path, 'gone') } }))).message).toContain('not found')
  })

  it('still takes a real ffmpeg, and shows no lock', async () => {
    expect((await runtime.handlers['app.info'](undefined)).ffmpegLockedReason).toBeUndefined()
    const next = await runtime.handlers['settings.update']({ ffmpeg: { mode: 'system' } })
    expect(next.ffmpeg).toEqual({ mode: 'system' })
    expect((await runtime.handlers['app.info'](undefined)).ffmpeg).toMatchObject({ source: 'explicit', version: expect.stringMatching(/^ffmpeg version/) })
  })
})
