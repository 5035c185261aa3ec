import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EnvSecretStore, LayeredSecretStore } from '../../../src/main/engine/storage/env-secret-store'
import { FileSecretStore } from '../../../src/main/engine/storage/file-secret-store'
import { createHeadlessTargetRegistry } from '../../../src/main/engine/storage/target-registry'
import { targetsFile } from '../../../src/main/engine/storage/target-store'
import { tempDir } from '../../helpers/media'

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const dirs: Array<{ cleanup(): void }> = []
function scratch(): string {
  const dir = tempDir('hls-studio-secrets-')
  dirs.push(dir)
  return dir.path
}
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup()
})

describe('headless secrets', () => {
  it('keeps secrets in a 0600 file inside a 0700 folder, and can delete them', async () => {
    const path = join(scratch(), 'nested', 'secrets.json')
    const store = new FileSecretStore(path)
    await store.set('lab', { accessKeyId: 'AKIDLAB', secretAccessKey: SECRET })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700)
    expect(await store.get('lab')).toEqual({ accessKeyId: 'AKIDLAB', secretAccessKey: SECRET })
    await store.delete('lab')
    expect(await store.get('lab')).toBeUndefined()
  })

  it('reports a damaged secret file without echoing it', async () => {
    const path = join(scratch(), 'secrets.json')
    writeFileSync(path, `{"targets": {"lab": "${SECRET}"`)
    const error = await new FileSecretStore(path).get('lab').catch((e: Error) => e)
    expect(error).toMatchObject({ code: 'STORE_CORRUPT' })
    expect((error as Error).message).not.toContain(SECRET)
  })

  it('falls back to HLS_STUDIO_S3_* env vars, and a stored secret wins over them', async () => {
    const env = { HLS_STUDIO_S3_ACCESS_KEY_ID: 'AKIDENV', HLS_STUDIO_S3_SECRET_ACCESS_KEY: 'env-secret' }
    const layered = new LayeredSecretStore(new FileSecretStore(join(scratch(), 's.json')), new EnvSecretStore(env))
    expect(await layered.get('any')).toEqual({ accessKeyId: 'AKIDENV', secretAccessKey: 'env-secret' })
    await layered.set('lab', { accessKeyId: 'AKIDLAB', secretAccessKey: SECRET })
    expect((await layered.get('lab'))?.accessKeyId).toBe('AKIDLAB')
    expect(await new EnvSecretStore({ HLS_STUDIO_S3_ACCESS_KEY_ID: 'only-half' }).get()).toBeUndefined()
  })

  it('stores targets without their secret, and says plainly when a secret is missing', async () => {
    const dataDir = scratch()
    const registry = createHeadlessTargetRegistry(dataDir, {})
    await registry.add({ target: { name: 'lab', provider: 'minio', endpoint: 'http://127.0.0.1:9000', bucket: 'media' }, credentials: { accessKeyId: 'AKIDLAB', secretAccessKey: SECRET } })
    expect(readFileSync(targetsFile(dataDir), 'utf8')).not.toContain(SECRET)
    expect((await registry.resolve('lab')).secret.secretAccessKey).toBe(SECRET)
    await registry.secrets.delete('lab')
    await expect(registry.resolve('lab')).rejects.toMatchObject({ code: 'STORAGE_CREDENTIALS', message: expect.stringMatching(/No credentials are stored for target "lab"/) })
    await expect(registry.resolve('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/Known targets: lab/) })
    expect(await registry.remove('lab')).toBe(true)
    expect(await registry.list()).toEqual([])
  })
})
