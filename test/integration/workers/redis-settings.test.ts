/**
 * Settings → Workers against a real redis-server with a password: the URL is kept in Settings
 * without it, the password in the secret store, the connection test says in plain words what
 * failed, and serve started with no --redis coordinates through the Redis in Settings.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pingRedis, RedisSettings } from '../../../src/main/engine/distributed/redis-settings'
import { dataPaths } from '../../../src/main/engine/data-dir'
import { defaultSettings, SettingsStore } from '../../../src/main/engine/settings/settings-store'
import { FileSecretStore } from '../../../src/main/engine/storage/file-secret-store'
import { startServer } from '../../../src/main/server/server'
import { tempDir } from '../../helpers/media'
import { startRedis, type TestRedis } from '../../helpers/redis-server'

const PASSWORD = 'redis-pass-for-tests-7f3a'
const work = tempDir('hls-studio-redis-settings-')
let redis: TestRedis

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD })
}, 30_000)
afterAll(async () => {
  await redis?.close()
  work.cleanup()
})

async function redisSettingsIn(dataDir: string): Promise<RedisSettings> {
  return new RedisSettings(await SettingsStore.open(dataDir, defaultSettings(join(dataDir, 'out'))), new FileSecretStore(dataPaths(dataDir).secrets))
}

describe('the Redis URL in Settings → Workers', () => {
  it('keeps the password out of Settings, and tests the connection in plain words', async () => {
    const dataDir = join(work.path, 'settings')
    const settings = await redisSettingsIn(dataDir)
    await settings.save({ url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}` })
    expect(await settings.saved()).toEqual({ url: `redis://127.0.0.1:${redis.port}`, hasPassword: true })
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(PASSWORD)
    expect(await settings.test(undefined)).toEqual({ ok: true, detail: expect.stringMatching(/^Redis \d+\.\d+\.\d+ at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ answers\.$/) })

    // A URL typed without a password is tested with the saved one; a wrong one is named as such.
    expect((await settings.test({ url: redis.url })).ok).toBe(true)
    const wrong = await settings.test({ url: redis.url, password: 'not-the-password' })
    expect(wrong).toEqual({ ok: false, detail: `Redis at redis://:***@127.0.0.1:${redis.port} refused the user name or password.` })
    expect(wrong.detail).not.toContain('not-the-password')

    // Another URL keeps the password; "" removes it, and Redis then asks for one.
    await settings.save({ url: redis.url, password: '' })
    expect(await settings.saved()).toEqual({ url: redis.url, hasPassword: false })
    expect((await settings.test(undefined)).detail).toBe(`Redis at ${redis.url} wants a password: add it in the password field.`)
    await settings.save({ url: null })
    expect(await settings.saved()).toEqual({ hasPassword: false })
    expect(await settings.test(undefined)).toEqual({ ok: false, detail: 'No Redis URL is set: type one, e.g. redis://studio-pc:6379.' })
  })

  it('says what failed for a closed port and a URL that is not Redis', async () => {
    const closed = await startRedis()
    const url = closed.url
    await closed.close()
    expect((await pingRedis(url)).detail).toBe(`nothing answers at ${url}: is redis-server running there, and listening on that address (bind, protected-mode)?`)
    expect((await pingRedis('http://127.0.0.1:6379')).detail).toBe('A Redis URL starts with redis:// or rediss://, not http://.')
  })

  it('makes serve a coordinator through the Redis in Settings when no --redis is given, never showing the password', async () => {
    const dataDir = join(work.path, 'serve')
    await (await redisSettingsIn(dataDir)).save({ url: `redis://127.0.0.1:${redis.port}`, password: PASSWORD })
    const server = await startServer({ dataDir, port: 0 })
    try {
      expect(server.workerToken).toBeDefined()
      const status = await server.runtime.handlers['workers.status'](undefined)
      expect(status.active).toEqual({ url: `redis://:***@127.0.0.1:${redis.port}`, source: 'settings' })
      expect(status.redis?.ok).toBe(true)
      expect(status.saved).toEqual({ url: `redis://127.0.0.1:${redis.port}`, hasPassword: true })
      expect(JSON.stringify(status)).not.toContain(PASSWORD)
    } finally {
      await server.close()
    }
    expect(readFileSync(join(dataDir, 'studio.log'), 'utf8')).not.toContain(PASSWORD)
  })
})
