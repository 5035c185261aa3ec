import { networkInterfaces } from 'node:os'
import { generateToken } from '../access-token'
import type { SecretStore } from '../storage/secret-store'
import type { CoordinationChoice } from './studio-coordination'

/** The secret store's name for the desktop's worker token: not a valid target name, so never a bucket's. */
const WORKER_TOKEN_SECRET = 'worker-token@workers'
export const DESKTOP_WORKER_PORT = 8687

/** Where the desktop app answers workers (it serves no pages, so the worker routes get their own port). */
export interface WorkerEndpointChoice {
  host: string
  port: number
}

/**
 * The desktop app as a coordinator: `$HLS_STUDIO_REDIS` wins over Settings → Workers, and the
 * worker routes listen on every interface (workers are other machines) on
 * `$HLS_STUDIO_WORKER_PORT` (default 8687), `$HLS_STUDIO_WORKER_HOST` to narrow it.
 */
export function desktopWorkersChoice(env: NodeJS.ProcessEnv): CoordinationChoice & { endpoint: WorkerEndpointChoice } {
  const port = Number(env.HLS_STUDIO_WORKER_PORT ?? DESKTOP_WORKER_PORT)
  return {
    ...(env.HLS_STUDIO_REDIS ? { redisUrl: env.HLS_STUDIO_REDIS, source: 'env' as const } : {}),
    endpoint: { host: env.HLS_STUDIO_WORKER_HOST || '0.0.0.0', port: Number.isInteger(port) && port >= 0 && port <= 65_535 ? port : DESKTOP_WORKER_PORT }
  }
}

/** The same token on every start, so workers set up once keep working; kept with the bucket keys. */
export async function persistentWorkerToken(secrets: SecretStore): Promise<string> {
  const saved = (await secrets.get(WORKER_TOKEN_SECRET))?.secretAccessKey
  if (saved) return saved
  const token = generateToken()
  await secrets.set(WORKER_TOKEN_SECRET, { accessKeyId: 'worker-token', secretAccessKey: token })
  return token
}

/** The address a worker on the network types: this machine's first LAN address when listening on all of them. */
export function reachableUrl(endpointUrl: string, host: string): string {
  if (host !== '0.0.0.0' && host !== '::') return endpointUrl
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  const url = new URL(endpointUrl)
  url.hostname = lan?.address ?? '127.0.0.1'
  return url.origin
}
