import { Redis } from 'ioredis'
import type { RedisTestResult, SaveRedisInput, TestRedisInput } from '@shared/workers'
import type { SettingsStore } from '../settings/settings-store'
import type { SecretStore } from '../storage/secret-store'
import { checkRedisUrl, redisUrlForLog } from './chunk-queue'

/** The secret store's name for the Redis password: not a valid target name, so never a bucket's. */
const PASSWORD_SECRET = 'redis@workers'
const PING_DEADLINE_MS = 3000

/** The URL with `password` in it (percent-encoded, as a URL carries it). */
function withPassword(url: string, password: string | undefined): string {
  if (!password) return url
  const parsed = checkRedisUrl(url)
  parsed.password = encodeURIComponent(password)
  return parsed.toString()
}

/**
 * Settings → Workers: the Redis URL in Settings without its password, and the password in the
 * secret store beside the buckets' keys. A password typed inside the URL is moved there too,
 * so it is never written to Settings, shown back or logged.
 */
export class RedisSettings {
  constructor(
    private readonly settings: SettingsStore,
    private readonly secrets: SecretStore
  ) {}

  async saved(): Promise<{ url?: string; hasPassword: boolean }> {
    const url = this.settings.get().redisUrl
    return { ...(url ? { url } : {}), hasPassword: url !== undefined && (await this.password()) !== undefined }
  }

  async save(input: SaveRedisInput): Promise<void> {
    if (input.url === null) {
      await this.secrets.delete(PASSWORD_SECRET)
      await this.settings.setRedisUrl(undefined)
      return
    }
    const parsed = checkRedisUrl(input.url)
    const inUrl = parsed.password ? decodeURIComponent(parsed.password) : undefined
    parsed.password = ''
    const password = input.password ?? inUrl
    if (password === '') await this.secrets.delete(PASSWORD_SECRET)
    else if (password !== undefined) await this.secrets.set(PASSWORD_SECRET, { accessKeyId: 'redis', secretAccessKey: password })
    await this.settings.setRedisUrl(parsed.toString())
  }

  /** The saved URL with its password, for the coordinator; undefined when Settings name none. */
  async connectionUrl(): Promise<string | undefined> {
    const url = this.settings.get().redisUrl
    return url ? withPassword(url, await this.password()) : undefined
  }

  /** The URL typed (with the password typed, else the saved one), or the saved URL. */
  async test(input: TestRedisInput): Promise<RedisTestResult> {
    const url = input?.url ? withPassword(input.url, input.password || (await this.password())) : await this.connectionUrl()
    if (!url) return { ok: false, detail: 'No Redis URL is set: type one, e.g. redis://studio-pc:6379.' }
    return pingRedis(url)
  }

  private async password(): Promise<string | undefined> {
    return (await this.secrets.get(PASSWORD_SECRET))?.secretAccessKey || undefined
  }
}

/** What went wrong, in words a person can act on (ioredis says ECONNREFUSED or WRONGPASS). */
function reasonOf(error: unknown, where: string): string {
  const text = error instanceof Error ? error.message : String(error)
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(text)) return `nothing answers at ${where}: is redis-server running there, and listening on that address (bind, protected-mode)?`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(text)) return `the host name in ${where} is not known on this network.`
  if (/WRONGPASS|invalid username-password/i.test(text)) return `Redis at ${where} refused the user name or password.`
  if (/NOAUTH/i.test(text)) return `Redis at ${where} wants a password: add it in the password field.`
  if (/timed out|ETIMEDOUT|within/i.test(text)) return `no answer from ${where} within ${PING_DEADLINE_MS / 1000} s: a firewall, or the wrong address or port?`
  return `${where} did not answer PING (${text}).`
}

/** PING with a deadline: one connection attempt, no retries, closed afterwards. */
export async function pingRedis(url: string, deadlineMs = PING_DEADLINE_MS): Promise<RedisTestResult> {
  let where: string
  try {
    where = redisUrlForLog(url)
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) }
  }
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: deadlineMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  // connect() rejects with "Connection is closed."; the socket's own error (ECONNREFUSED…) says why.
  let cause: unknown
  redis.on('error', (error) => (cause ??= error))
  let timer: NodeJS.Timeout | undefined
  try {
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs)))
    await Promise.race([redis.connect().then(() => redis.ping()), late])
    const version = /redis_version:(\S+)/.exec(await Promise.race([redis.info('server'), late]))?.[1]
    return { ok: true, detail: `Redis${version ? ` ${version}` : ''} at ${where} answers.` }
  } catch (error) {
    return { ok: false, detail: reasonOf(cause ?? error, where) }
  } finally {
    clearTimeout(timer)
    redis.disconnect()
  }
}
