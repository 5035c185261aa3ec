/**
 * Issue 14: job.json has one reader, which validates instead of casting. It reads what a
 * real encode wrote, and refuses a damaged file saying what is wrong with it.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPackageManifest } from '../../../src/main/engine/hls/package-manifest'
import type { EncodeJobResult } from '../../../src/main/engine/pipeline/encode-job'
import { encodeFile } from '../../helpers/encode'
import { makeClip, tempDir } from '../../helpers/media'

describe('readPackageManifest', () => {
  const dir = tempDir('hls-studio-manifest-')
  let encoded: EncodeJobResult
  beforeAll(async () => {
    const clip = await makeClip(dir.path, 'manifest', { seconds: 2, width: 256, height: 144 })
    encoded = await encodeFile(clip, join(dir.path, 'out'), { ladder: [144], segmentSeconds: 1, preset: 'ultrafast', images: false })
  }, 120_000)
  afterAll(() => dir.cleanup())

  it('reads the job.json a real encode wrote, as written', async () => {
    const manifest = await readPackageManifest(encoded.outputs.manifest)
    expect(manifest).toEqual(JSON.parse(readFileSync(encoded.outputs.manifest, 'utf8')))
    expect(manifest.variants.length).toBeGreaterThan(0)
    expect(manifest.files.some((file) => file.kind === 'segment')).toBe(true)
  })

  it('refuses a damaged job.json, naming the field and the file', async () => {
    const good = JSON.parse(readFileSync(encoded.outputs.manifest, 'utf8')) as Record<string, any>
    const damaged = join(dir.path, 'damaged.json')
    writeFileSync(damaged, JSON.stringify({ ...good, files: [{ path: 'v0/seg0.ts', bytes: '12', kind: 'segment' }] }))
    await expect(readPackageManifest(damaged)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/damaged\.json is not a package manifest[\s\S]*→ at files\[0\]\.bytes/) })
    writeFileSync(damaged, '{"version": 1, "jobId":')
    await expect(readPackageManifest(damaged)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('is not valid JSON') })
    await expect(readPackageManifest(join(dir.path, 'nowhere.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
