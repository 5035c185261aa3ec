import { describe, expect, it } from 'vitest'
import { addTargetInputSchema, resolveTargetInput, targetInputSchema } from '../../../src/shared/targets'

const at = new Date('2026-03-01T12:00:00Z')

describe('target presets and validation', () => {
  it('gives R2 region auto and path-style, whatever region is typed', () => {
    const target = resolveTargetInput({ name: 'r2', provider: 'r2', endpoint: 'https://acc.r2.cloudflarestorage.com/', region: 'eu-west-1', bucket: 'videos' }, at)
    expect(target).toMatchObject({ region: 'auto', pathStyle: true, endpoint: 'https://acc.r2.cloudflarestorage.com', visibility: 'public', deleteLocalAfterUpload: false, keyPrefixTemplate: '{slug}/{jobId}', parallelism: 8 })
  })

  it('turns path-style on for MinIO and lets AWS go without an endpoint', () => {
    expect(resolveTargetInput({ name: 'nas', provider: 'minio', endpoint: 'http://nas:9000', bucket: 'media' }, at).pathStyle).toBe(true)
    const s3 = resolveTargetInput({ name: 'aws', provider: 's3', region: 'eu-central-1', bucket: 'media' }, at)
    expect(s3).toMatchObject({ endpoint: undefined, region: 'eu-central-1', pathStyle: false })
  })

  it('asks for an endpoint where the provider needs one', () => {
    const result = targetInputSchema.safeParse({ name: 'x', provider: 'minio', bucket: 'media' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/MinIO needs an endpoint URL/)
  })

  it('refuses unknown prefix tokens, dot segments, an empty prefix and bad bucket names', () => {
    const base = { name: 'x', provider: 's3' as const, bucket: 'media' }
    expect(targetInputSchema.safeParse({ ...base, keyPrefixTemplate: '{slug}/{episode}' }).error?.issues[0]?.message).toMatch(/Unknown token/)
    expect(targetInputSchema.safeParse({ ...base, keyPrefixTemplate: '../{jobId}' }).success).toBe(false)
    expect(targetInputSchema.safeParse({ ...base, keyPrefixTemplate: '/' }).success).toBe(false)
    expect(targetInputSchema.safeParse({ ...base, bucket: 'Has_Upper' }).success).toBe(false)
    expect(targetInputSchema.safeParse({ ...base, keyPrefixTemplate: 'videos/{date}/{title}-{jobId}' }).success).toBe(true)
    expect(targetInputSchema.safeParse({ ...base, endpoint: 'https://AKID:secret@s3.example.com' }).error?.issues[0]?.message).toMatch(/Leave user names and passwords out/)
  })

  it('needs both halves of the credentials', () => {
    const target = { name: 'x', provider: 's3' as const, bucket: 'media' }
    expect(addTargetInputSchema.safeParse({ target, credentials: { accessKeyId: 'AK', secretAccessKey: '' } }).success).toBe(false)
  })
})
