/**
 * The desktop app as a coordinator, through the engine it runs (Electron itself cannot load in
 * tests): with the Redis URL in Settings → Workers, its runtime answers workers on a port of
 * its own with a token that stays the same across starts, and a real `hls-studio worker`
 * process is let in with it. Without a Redis URL nothing listens.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { desktopWorkersChoice } from '../../../src/main/engine/distributed/desktop-workers'
import { RedisSettings } from '../../../src/main/engine/distributed/redis-settings'
import { dataPaths } from '../../../src/main/engine/data-dir'
import { FileSecretStore } from '../../../src/main/engine/storage/file-secret-store'
import { openStudioRuntime } from '../../../src/main/engine/studio-runtime'
import { startStudio, type StudioProcess } from '../../helpers/cli-process'
import { tempDir } from '../../helpers/media'
import { startRedis, type TestRedis } from '../../helpers/redis-server'
import { waitUntil } from '../../helpers/wait'

const work = tempDir('hls-studio-desktop-coordinator-')
const dataDir = join(work.path, 'desktop')
const secrets = new FileSecretStore(dataPaths(dataDir).secrets)
const ENV = { HLS_STUDIO_WORKER_HOST: '127.0.0.1', HLS_STUDIO_WORKER_PORT: '0' }
let redis: TestRedis
let worker: StudioProcess | undefined

beforeAll(async () => {
  redis = await startRedis()
}, 30_000)
afterAll(async () => {
  worker?.killGroup()
  await redis?.close()
  work.cleanup()
})

const openDesktop = () =>
  openStudioRuntime({ mode: 'desktop', dataDir, defaultOutputDir: join(work.path, 'out'), version: '0.0.0-test', mediaBaseUrl: 'studio-media://package', secrets, env: {}, workers: desktopWorkersChoice(ENV) })

describe('the desktop app as a coordinator', () => {
  it('listens for workers only with a Redis URL, with a token that survives a restart', async () => {
    const embedded = await openDesktop()
    expect(embedded.coordination).toBeUndefined()
    expect((await embedded.handlers['workers.status'](undefined)).connect).toBeUndefined()
    await embedded.handlers['workers.saveRedis']({ url: redis.url })
    await embedded.close()

    const first = await openDesktop()
    const status = await first.handlers['workers.status'](undefined)
    expect(status.active).toEqual({ url: redis.url, source: 'settings' })
    expect(status.connect?.serverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const { serverUrl, token } = status.connect!
    const refused = startStudio(['--data-dir', join(work.path, 'refused'), 'worker', '--redis', redis.url, '--server', serverUrl, '--token', 'not-the-desktop-worker-token', '--name', 'stranger'])
    expect((await refused.exited).code).not.toBe(0)
    expect(refused.stderr()).toContain(`The coordinator at ${serverUrl} refused this worker's token`)

    worker = startStudio(['--data-dir', join(work.path, 'worker'), 'worker', '--redis', redis.url, '--server', serverUrl, '--token', token, '--name', 'desk-helper'])
    let out = ''
    worker.child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    // The worker greets the coordinator before it says this: the routes and the token let it in.
    await waitUntil('the worker to be let in or to give up', () => out.includes('is taking chunks') || worker!.child.exitCode !== null, { timeoutMs: 60_000 })
    expect(out, worker.stderr()).toContain('Worker desk-helper is taking chunks')
    await first.close()

    const second = await openDesktop()
    expect((await second.handlers['workers.status'](undefined)).connect?.token).toBe(token)
    expect(await new RedisSettings(second.settings, secrets).saved()).toEqual({ url: redis.url, hasPassword: false })
    await second.close()
  }, 120_000)
})
