/**
 * `serve` for tests: a real server on a free loopback port with an isolated data dir and
 * output folder, and WebSocket clients that log in like a browser would.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startServer, type RunningServer, type ServerConfig } from '../../src/main/server/server'
import { WebSocketStudioClient, type SocketLike } from '../../src/renderer/src/client/ws-client'
import { SESSION_PATH, WS_PATH } from '../../src/shared/wire'
import { tempDir } from './media'

export const TEST_TOKEN = 'test-token-0123456789abcdef'

export interface TestServer {
  server: RunningServer
  dataDir: string
  outputDir: string
  /** Folder for the test's own files (sources, fixtures). */
  workDir: string
  close(): Promise<void>
}

export async function startTestServer(config: Partial<ServerConfig> = {}): Promise<TestServer> {
  const root = tempDir('hls-studio-serve-')
  const dataDir = join(root.path, 'data')
  const outputDir = config.outputDir ?? join(root.path, 'output')
  const workDir = join(root.path, 'work')
  mkdirSync(workDir, { recursive: true })
  // The test's own folder is a media root, as `serve --media-root` would make it.
  const server = await startServer({ dataDir, outputDir, port: 0, token: TEST_TOKEN, env: {}, mediaRoots: [workDir], ...config })
  return {
    server,
    dataDir,
    outputDir,
    workDir,
    async close() {
      await server.close()
      root.cleanup()
    }
  }
}

export function wsUrl(server: RunningServer): string {
  return `${server.url.replace(/^http/, 'ws')}${WS_PATH}`
}

/** The renderer's own WebSocket client, on Node's `ws`, sending the token as a browser's cookie would. */
export function connectClient(server: RunningServer, headers: Record<string, string> = { Authorization: `Bearer ${server.token}` }): WebSocketStudioClient {
  return new WebSocketStudioClient({
    url: wsUrl(server),
    connect: (url) => new WebSocket(url, { headers }) as unknown as SocketLike,
    reconnectDelayMs: () => 50
  })
}

/**
 * Logs in as the login page does (POST /api/session from the studio's own origin) and answers
 * the headers a browser page of the studio then sends: the session cookie and its Origin.
 */
export async function browserSession(server: RunningServer): Promise<Record<string, string>> {
  const answer = await fetch(`${server.url}${SESSION_PATH}`, {
    method: 'POST',
    headers: { Origin: server.url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ token: server.token })
  })
  if (!answer.ok) throw new Error(`Logging in failed: HTTP ${answer.status} ${await answer.text()}`)
  const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0]!
  return { Cookie: cookie, Origin: server.url }
}

export function authorized(server: RunningServer, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), Authorization: `Bearer ${server.token}` } }
}
