/**
 * The multipart calls s3rver 3.7 lacks or gets wrong, answered from its own on-disk store
 * (one folder per upload id under `<bucket>/._S3rver_uploads`, holding the key and parts)
 * the way S3 answers them:
 * - ListMultipartUploads: s3rver says NotImplemented;
 * - AbortMultipartUpload: s3rver says MethodNotAllowed and keeps the parts;
 * - UploadPart / CompleteMultipartUpload on an unknown or aborted upload id: S3 says
 *   NoSuchUpload, s3rver silently recreates the folder or fails with a 500.
 */
import { access, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type S3rver from 's3rver'

type Middleware = S3rver['middleware'][number]
type Context = Parameters<Middleware>[0]

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

function s3Error(ctx: Context, status: number, code: string, message: string): void {
  ctx.status = status
  ctx.type = 'application/xml'
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`
}

export async function pendingUploads(directory: string, bucket: string, prefix = ''): Promise<Array<{ key: string; uploadId: string }>> {
  const uploadsDir = join(directory, bucket, '._S3rver_uploads')
  const ids = await readdir(uploadsDir).catch(() => [] as string[])
  const found: Array<{ key: string; uploadId: string }> = []
  for (const uploadId of ids) {
    const key = await readFile(join(uploadsDir, uploadId, 'key'), 'utf8').catch(() => '')
    found.push({ key, uploadId })
  }
  return found.filter((u) => u.key.startsWith(prefix)).sort((a, b) => a.key.localeCompare(b.key))
}

export function multipartExtension(directory: string): Middleware {
  const uploadDir = (bucket: string, uploadId: string): string => join(directory, bucket, '._S3rver_uploads', uploadId.replace(/[^0-9a-f]/gi, ''))
  const known = (bucket: string, uploadId: string): Promise<boolean> =>
    access(join(uploadDir(bucket, uploadId), 'key')).then(
      () => true,
      () => false
    )

  return async (ctx, next) => {
    const [bucket, ...keyParts] = ctx.path.split('/').filter(Boolean)
    if (!bucket) return next()
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined

    if (ctx.method === 'GET' && keyParts.length === 0 && 'uploads' in ctx.query) {
      const prefix = typeof ctx.query.prefix === 'string' ? ctx.query.prefix : ''
      const uploads = await pendingUploads(directory, bucket, prefix)
      ctx.type = 'application/xml'
      ctx.body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
        `<Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix><IsTruncated>false</IsTruncated>`,
        ...uploads.map((u) => `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId></Upload>`),
        '</ListMultipartUploadsResult>'
      ].join('')
      return
    }
    if (uploadId && keyParts.length > 0 && ['DELETE', 'PUT', 'POST'].includes(ctx.method)) {
      if (!(await known(bucket, uploadId))) {
        return s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.')
      }
      if (ctx.method === 'DELETE') {
        await rm(uploadDir(bucket, uploadId), { recursive: true, force: true })
        ctx.status = 204
        ctx.body = ''
        return
      }
    }
    return next()
  }
}
