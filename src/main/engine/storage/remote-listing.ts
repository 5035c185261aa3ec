import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { S3Client } from '@aws-sdk/client-s3'
import { s3 } from './aws-sdk'

const { ListObjectsV2Command } = s3

export interface RemoteObject {
  key: string
  size: number
  /** Without quotes. A plain MD5 for single-part uploads, `md5-of-part-md5s-N` for multipart. */
  etag?: string
}

/** Every object under a prefix, one ListObjectsV2 page after another. */
export async function listRemoteObjects(client: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<Map<string, RemoteObject>> {
  const found = new Map<string, RemoteObject>()
  let token: string | undefined
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix ? `${prefix}/` : undefined, ContinuationToken: token }),
      { abortSignal: signal }
    )
    for (const item of page.Contents ?? []) {
      if (!item.Key) continue
      found.set(item.Key, { key: item.Key, size: item.Size ?? 0, etag: item.ETag?.replace(/"/g, '') })
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return found
}

const PLAIN_MD5 = /^[0-9a-f]{32}$/i
const MULTIPART_ETAG = /^([0-9a-f]{32})-(\d+)$/i

/**
 * The ETag S3 would give this local file, when the remote ETag's form tells how it was
 * made: the MD5 for a single PUT; for a multipart upload, the MD5 of the part MD5s (only
 * when the remote part count matches our part size). Undefined when it cannot be known,
 * e.g. an ETag from server-side encryption.
 */
export async function localEtagLike(path: string, remoteEtag: string, partSize: number): Promise<string | undefined> {
  if (PLAIN_MD5.test(remoteEtag)) return (await partDigests(path, Number.POSITIVE_INFINITY)).whole
  const multipart = MULTIPART_ETAG.exec(remoteEtag)
  if (!multipart) return undefined
  const { parts } = await partDigests(path, partSize)
  if (parts.length !== Number(multipart[2])) return undefined
  const combined = createHash('md5')
  for (const part of parts) combined.update(part)
  return `${combined.digest('hex')}-${parts.length}`
}

async function partDigests(path: string, partSize: number): Promise<{ whole: string; parts: Buffer[] }> {
  const whole = createHash('md5')
  const parts: Buffer[] = []
  let part = createHash('md5')
  let inPart = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    whole.update(chunk)
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, partSize - inPart)
      part.update(chunk.subarray(offset, offset + take))
      inPart += take
      offset += take
      if (inPart === partSize) {
        parts.push(part.digest())
        part = createHash('md5')
        inPart = 0
      }
    }
  }
  if (inPart > 0 || parts.length === 0) parts.push(part.digest())
  return { whole: whole.digest('hex'), parts }
}

/** Whether a remote object already holds this local file: same size, and same MD5 where the ETag tells. */
export async function remoteMatchesLocal(remote: RemoteObject, local: { localPath: string; bytes: number }, partSize: number): Promise<boolean> {
  if (remote.size !== local.bytes) return false
  if (!remote.etag) return true
  const expected = await localEtagLike(local.localPath, remote.etag, partSize)
  return expected === undefined || expected.toLowerCase() === remote.etag.toLowerCase()
}
