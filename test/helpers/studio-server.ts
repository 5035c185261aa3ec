/**
 * The studio as a browser meets it: `serve` (the real engine, the bundled ffmpeg) on a random
 * loopback port with its own data dir, plus a real S3-protocol server (s3rver) to publish to.
 * For end-to-end tests; the built renderer (out/renderer) must exist: `npm run build`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startServer, type RunningServer } from '../../src/main/server/server'
import { startS3Server, type TestS3Server } from './s3-server'

export const E2E_BUCKET = 'studio-e2e'

export interface StudioUnderTest {
  server: RunningServer
  s3: TestS3Server
  dataDir: string
  close(): Promise<void>
}

export const RENDERER_DIR = resolve(import.meta.dirname, '../../out/renderer')

export function rendererBuilt(): boolean {
  return existsSync(join(RENDERER_DIR, 'index.html'))
}

export async function startStudioUnderTest(): Promise<StudioUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hls-studio-e2e-'))
  const s3 = await startS3Server({ buckets: [E2E_BUCKET] })
  const server = await startServer({
    dataDir,
    port: 0,
    rendererDir: RENDERER_DIR,
    // Secrets go to the data dir's 0600 file, never to this process's environment.
    env: { ...process.env, HLS_STUDIO_S3_ACCESS_KEY_ID: undefined, HLS_STUDIO_S3_SECRET_ACCESS_KEY: undefined }
  })
  return {
    server,
    s3,
    dataDir,
    async close() {
      await server.close()
      await s3.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
