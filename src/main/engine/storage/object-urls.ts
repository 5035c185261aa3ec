import type { StorageTarget } from '@shared/targets'

export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/')
}

/** The bucket's own URL of an object, as the endpoint serves it (path-style or virtual-hosted). */
export function bucketObjectUrl(target: Pick<StorageTarget, 'endpoint' | 'bucket' | 'region' | 'pathStyle'>, key: string): string {
  const endpoint = new URL(target.endpoint ?? `https://s3.${target.region}.amazonaws.com`)
  const base = endpoint.pathname.replace(/\/+$/, '')
  if (target.pathStyle) return `${endpoint.origin}${base}/${target.bucket}/${encodeKey(key)}`
  return `${endpoint.protocol}//${target.bucket}.${endpoint.host}${base}/${encodeKey(key)}`
}

export interface PublishedUrls {
  masterPlaylistUrl: string
  /** Set when anyone may fetch the content: a public bucket, or a CDN / custom domain in front. */
  publicUrl?: string
}

/** Published URLs use the public base URL (custom domain, CDN) when the target has one. */
export function publishedUrls(target: StorageTarget, masterKey: string): PublishedUrls {
  const masterPlaylistUrl = publishedObjectUrl(target, masterKey)
  return target.visibility === 'public' ? { masterPlaylistUrl, publicUrl: masterPlaylistUrl } : { masterPlaylistUrl }
}

/** One published object's URL, through the public base URL when the target has one. */
export function publishedObjectUrl(target: StorageTarget, key: string): string {
  return target.publicBaseUrl ? `${target.publicBaseUrl}/${encodeKey(key)}` : bucketObjectUrl(target, key)
}
