import { randomUUID } from 'node:crypto'
import type { S3Client } from '@aws-sdk/client-s3'
import type { ErrorCode } from '@shared/errors'
import type { ConnectionCheck, ConnectionCheckName, ConnectionTestResult, StorageTarget } from '@shared/targets'
import { ANY_ORIGIN, applyPlaybackCors, readCorsRules, reportCors } from './cors'
import { joinKey, staticPrefixOf } from './key-prefix'
import { toStorageError } from './storage-errors'
import { s3 } from './aws-sdk'

const { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } = s3

export interface ConnectionTestOptions {
  client: S3Client
  target: StorageTarget
  /** Origins whose players must be able to fetch from the bucket (default: any website). */
  origins?: string[]
  /** Add the studio's CORS rule before reporting. */
  applyCors?: boolean
}

/** Which check a failure of the first request (a listing) belongs to. */
const FIRST_FAILING: Partial<Record<ErrorCode, ConnectionCheckName>> = {
  STORAGE_ENDPOINT: 'endpoint',
  STORAGE_CLOCK_SKEW: 'credentials',
  STORAGE_CREDENTIALS: 'credentials',
  STORAGE_BUCKET: 'bucket',
  STORAGE_PERMISSION: 'bucket'
}
const ORDER: ConnectionCheckName[] = ['endpoint', 'credentials', 'bucket']

/**
 * Checks a target as a publish will use it: the endpoint answers, the keys are accepted,
 * the bucket can be listed, a probe object can be written and deleted. Then reports (and
 * on request fixes) the bucket's CORS rules. `ok` covers everything but CORS, which only
 * matters to players on other sites.
 */
export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestResult> {
  const { client, target } = options
  const checks: ConnectionCheck[] = []
  const result = (): ConnectionTestResult => ({ target: target.name, ok: checks.every((c) => c.ok || c.name === 'cors'), checks })
  const folder = staticPrefixOf(target.keyPrefixTemplate)

  try {
    await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: folder ? `${folder}/` : undefined, MaxKeys: 1 }))
    checks.push(
      { name: 'endpoint', ok: true, detail: `${target.endpoint ?? `AWS S3 (${target.region})`} answers like S3.` },
      { name: 'credentials', ok: true, detail: 'The keys are accepted.' },
      { name: 'bucket', ok: true, detail: `Bucket "${target.bucket}" exists and can be listed.` }
    )
  } catch (error) {
    const failure = toStorageError(error, { target, action: `listing bucket "${target.bucket}"` })
    const failed = FIRST_FAILING[failure.code] ?? 'endpoint'
    for (const name of ORDER.slice(0, ORDER.indexOf(failed))) checks.push({ name, ok: true, detail: 'Passed.' })
    checks.push({ name: failed, ok: false, detail: failure.message })
    return result()
  }

  const probeKey = joinKey(folder, `.hls-studio-probe-${randomUUID()}.txt`)
  try {
    await client.send(new PutObjectCommand({ Bucket: target.bucket, Key: probeKey, Body: 'HLS Studio connection test; safe to delete.\n', ContentType: 'text/plain' }))
    checks.push({ name: 'write', ok: true, detail: `Wrote ${probeKey}.` })
  } catch (error) {
    checks.push({ name: 'write', ok: false, detail: toStorageError(error, { target, action: `writing the probe object ${probeKey}` }).message })
    return result()
  }
  try {
    await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: probeKey }))
    checks.push({ name: 'delete', ok: true, detail: `Deleted ${probeKey}.` })
  } catch (error) {
    checks.push({ name: 'delete', ok: false, detail: toStorageError(error, { target, action: `deleting the probe object ${probeKey}` }).message })
  }

  const origins = options.origins?.length ? options.origins : [ANY_ORIGIN]
  try {
    if (options.applyCors) await applyPlaybackCors(client, target.bucket, origins)
    const cors = reportCors(await readCorsRules(client, target.bucket), origins)
    checks.push({ name: 'cors', ok: cors.allowsPlayback, detail: cors.detail })
    return { ...result(), cors }
  } catch (error) {
    const action = options.applyCors ? 'setting the bucket’s CORS rules' : 'reading the bucket’s CORS rules'
    checks.push({ name: 'cors', ok: false, detail: toStorageError(error, { target, action }).message })
    return result()
  }
}
