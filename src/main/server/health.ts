import { randomUUID } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isStudioError } from '@shared/errors'
import type { StudioRuntime } from '../engine/studio-runtime'

export interface HealthReport {
  ok: boolean
  ffmpeg: { found: boolean; path?: string; version?: string; problem?: string }
  dataDir: { path: string; writable: boolean; problem?: string }
  targets: { configured: number; names: string[] }
}

/** What `GET /api/health` answers: can this studio encode, keep its state, and publish? */
export async function checkHealth(runtime: StudioRuntime, dataDir: string): Promise<HealthReport> {
  let ffmpeg: HealthReport['ffmpeg']
  try {
    const toolkit = await runtime.mediaToolkit()
    ffmpeg = { found: true, path: toolkit.binaries.ffmpeg.path, version: toolkit.capabilities.version }
  } catch (error) {
    ffmpeg = { found: false, problem: isStudioError(error) ? error.message : 'ffmpeg could not be started.' }
  }
  let data: HealthReport['dataDir']
  const probe = join(dataDir, `.health-${randomUUID()}`)
  try {
    await writeFile(probe, 'ok')
    await rm(probe, { force: true })
    data = { path: dataDir, writable: true }
  } catch (error) {
    data = { path: dataDir, writable: false, problem: `Cannot write in the data folder (${(error as NodeJS.ErrnoException).code ?? 'error'}).` }
  }
  const names = (await runtime.storage.targets.list()).map((t) => t.name)
  return { ok: ffmpeg.found && data.writable, ffmpeg, dataDir: data, targets: { configured: names.length, names } }
}
