/**
 * Issue 13, point 6, against a real serve: `--host [::1]`, the data dir's and secrets file's
 * modes, damaged entries in studio.json and targets.json (kept, with a notice, never a crash
 * nor a silent erase), and fMP4 packages under a folder whose name holds `|`.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startServer, type RunningServer } from '../../../src/main/server/server'
import { makeClip, tempDir } from '../../helpers/media'
import { connectClient, TEST_TOKEN } from '../../helpers/serve'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function folder(): string {
  const dir = tempDir('hls-studio-serve-store-')
  cleanups.push(dir.cleanup)
  return dir.path
}

async function serve(dataDir: string, extra: Partial<Parameters<typeof startServer>[0]> = {}): Promise<RunningServer> {
  const server = await startServer({ dataDir, port: 0, token: TEST_TOKEN, env: {}, ...extra })
  cleanups.push(() => server.close())
  return server
}

const mode = (path: string): number => statSync(path).mode & 0o777

describe('serve’s smaller gaps', () => {
  it('listens on [::1] when given with its brackets', async () => {
    const server = await serve(join(folder(), 'data'), { host: '[::1]' })
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const health = await fetch(`${server.url}/api/health`, { headers: { Authorization: `Bearer ${TEST_TOKEN}` } })
    expect(health.status).toBe(200)
  })

  it('makes a new data dir 0700, and tightens a 0755 one and a 0644 secrets file at start, saying so', async () => {
    const fresh = join(folder(), 'fresh')
    await (await serve(fresh)).close()
    expect(mode(fresh)).toBe(0o700)

    const old = join(folder(), 'old')
    mkdirSync(old, { mode: 0o755 })
    chmodSync(old, 0o755)
    writeFileSync(join(old, 'secrets.json'), '{"version":1,"secrets":{}}\n', { mode: 0o644 })
    chmodSync(join(old, 'secrets.json'), 0o644)
    const server = await serve(old)
    expect(mode(old)).toBe(0o700)
    expect(mode(join(old, 'secrets.json'))).toBe(0o600)
    expect(server.runtime.notices).toEqual([
      `The data folder ${old} could be read by other users of this machine (mode 755); it is now 700.`,
      `The secrets file ${join(old, 'secrets.json')} could be read by other users of this machine (mode 644); it is now 600.`
    ])
  })

  it('starts with damaged studio.json entries set aside and a notice, instead of crashing', async () => {
    const dataDir = join(folder(), 'data')
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(join(dataDir, 'studio.json'), JSON.stringify({ version: 1, jobs: [{ id: 'job-x' }], batches: [null], watchFolders: [{ path: 7 }] }))
    const server = await serve(dataDir)
    const client = connectClient(server)
    cleanups.push(() => client.close())
    expect(await client.invoke('jobs.list')).toEqual([])
    expect(await client.invoke('batches.list')).toEqual([])
    expect(await client.invoke('watch.list')).toEqual([])
    const notice = server.runtime.studio.report.notices[0]!
    expect(notice.message).toContain('3 entries of the job list')
    expect(notice.message).toContain('batch 1 is not an object')
    expect(JSON.parse(readFileSync(notice.backupPath, 'utf8')).map((d: { entry: unknown }) => d.entry)).toEqual([{ id: 'job-x' }, null, { path: 7 }])
  })

  it('keeps a targets.json entry that fails the schema, and its secret, through later saves', async () => {
    const dataDir = join(folder(), 'data')
    const first = await serve(dataDir)
    const client = connectClient(first)
    for (const name of ['good', 'broken']) {
      await client.invoke('targets.save', { target: { name, provider: 'minio', endpoint: 'http://127.0.0.1:9', bucket: 'bucket-b' }, credentials: { accessKeyId: `id-${name}`, secretAccessKey: `secret-${name}` } })
    }
    client.close()
    await first.close()
    const file = join(dataDir, 'targets.json')
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { targets: Array<Record<string, unknown>> }
    for (const t of stored.targets) if (t.name === 'broken') t.provider = 'ftp'
    writeFileSync(file, JSON.stringify(stored))

    const second = await serve(dataDir)
    const again = connectClient(second)
    cleanups.push(() => again.close())
    expect((await again.invoke('targets.list')).map((t) => t.name)).toEqual(['good'])
    expect(await second.runtime.storage.targets.notices()).toEqual([
      `The storage target "broken" in ${file} could not be read, so it is not offered. It is kept there under "damaged", with its secret; fix it, or add the target again.`
    ])
    await again.invoke('targets.save', { target: { name: 'third', provider: 'minio', endpoint: 'http://127.0.0.1:9', bucket: 'bucket-c' }, credentials: { accessKeyId: 'id-3', secretAccessKey: 'secret-3' } })
    const after = JSON.parse(readFileSync(file, 'utf8')) as { targets: Array<{ name: string }>; damaged: Array<{ name: string; provider: string }> }
    expect(after.targets.map((t) => t.name).sort()).toEqual(['good', 'third'])
    expect(after.damaged).toMatchObject([{ name: 'broken', provider: 'ftp' }])
    expect(await second.runtime.storage.targets.secrets.get('broken')).toEqual({ accessKeyId: 'id-broken', secretAccessKey: 'secret-broken' })
  })

  it('encodes fMP4 into an output folder whose name holds a |', async () => {
    const root = folder()
    const outputDir = join(root, 'out')
    const media = join(root, 'media')
    mkdirSync(media, { recursive: true })
    const clip = await makeClip(media, 'pipe test', { seconds: 3, width: 320, height: 180 })
    const server = await serve(join(root, 'data'), { outputDir, mediaRoots: [media] })
    const client = connectClient(server)
    cleanups.push(() => client.close())
    const piped = join(outputDir, 'left|right')
    mkdirSync(piped, { recursive: true })
    const added = await client.invoke('jobs.add', { sources: [clip], outputDir: piped, target: null, settings: { ladder: [144], segmentSeconds: 1, preset: 'ultrafast', segmentFormat: 'fmp4' } })
    const done = await vi.waitFor(
      async () => {
        const job = await client.invoke('jobs.get', { id: added.created[0]!.id })
        if (!['COMPLETED', 'FAILED'].includes(job.status)) throw new Error(`waiting for the fMP4 job to end (now ${job.status})`)
        return job
      },
      { timeout: 180_000, interval: 200 }
    )
    expect(done.error).toBeUndefined()
    expect(done.status).toBe('COMPLETED')
    expect(done.outputs?.dir.startsWith(piped)).toBe(true)
    expect(existsSync(join(done.outputs!.dir, 'thumbnails', 'poster.jpg'))).toBe(true)
    expect(done.outputs?.variants?.[0]?.codecs).toMatch(/^avc1\./)
  }, 240_000)
})
