import { randomBytes } from 'node:crypto'
import { posix } from 'node:path'
import type { S3Client } from '@aws-sdk/client-s3'
import { StudioError } from '@shared/errors'
import type { StorageTarget } from '@shared/targets'
import { MASTER_PLAYLIST } from '../hls/package-files'
import { playlistUris, resolveKey, rewritePlaylist } from '../hls/rewrite'
import { MAX_PRESIGN_SECONDS, presignGet, readObjectText, writeObjectText } from './bucket-objects'
import { joinKey } from './key-prefix'

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 }

/** "7d", "36h", "90m", "3600s" or plain seconds; at most 7 days, the SigV4 limit. */
export function parseShareExpiry(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text)
  if (!match) throw new StudioError('INVALID_INPUT', `"${text}" is not a duration. Use e.g. 7d, 36h, 90m or 3600s.`)
  const seconds = Math.round(Number(match[1]) * UNITS[(match[2] || 's').toLowerCase()]!)
  if (seconds < 60) throw new StudioError('INVALID_INPUT', 'A share link should last at least a minute.')
  if (seconds > MAX_PRESIGN_SECONDS) {
    throw new StudioError('INVALID_INPUT', `A share link can last at most 7 days (presigned URLs are limited by SigV4); ${text} is longer.`)
  }
  return seconds
}

export interface ShareLink {
  url: string
  expiresAt: string
  /** Where the signed copies of the playlists were written. */
  keyPrefix: string
  playlists: number
}

const PLAYLIST_HEADERS = {
  contentType: 'application/vnd.apple.mpegurl',
  // The copies hold signatures that expire; caches must not outlive them.
  cacheControl: 'private, no-store'
}

/**
 * A link anyone can play until it expires, for a private package: signed copies of the media
 * playlists (segment URIs presigned), a master pointing at presigned URLs of those copies,
 * and one presigned URL of that master. Everything expires together.
 */
export async function createShareLink(options: {
  client: S3Client
  target: StorageTarget
  /** The published package's key prefix. */
  keyPrefix: string
  expiresInSeconds: number
  now?: Date
}): Promise<ShareLink> {
  const { client, target, keyPrefix, expiresInSeconds } = options
  const bucket = target.bucket
  const shareId = `${(options.now ?? new Date()).toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`
  const sharePrefix = joinKey(keyPrefix, `shares/${shareId}`)
  const masterKey = joinKey(keyPrefix, MASTER_PLAYLIST)
  const presign = (key: string): Promise<string> => presignGet(client, bucket, key, expiresInSeconds)
  const masterText = await readObjectText(client, bucket, masterKey)

  const copies = new Map<string, string>()
  for (const { uri } of playlistUris(masterText)) {
    const mediaKey = resolveKey(masterKey, uri)
    if (!mediaKey || copies.has(mediaKey)) continue
    const inside = posix.relative(keyPrefix, mediaKey)
    // A playlist outside the package (an absolute-path URI) still gets a copy inside the share.
    const copyKey = joinKey(sharePrefix, inside.startsWith('..') ? `outside-${copies.size}.m3u8` : inside)
    const media = await rewritePlaylist(await readObjectText(client, bucket, mediaKey), (segmentUri) => {
      const segmentKey = resolveKey(mediaKey, segmentUri)
      return segmentKey ? presign(segmentKey) : segmentUri
    })
    await writeObjectText(client, { bucket, key: copyKey, text: media.text, ...PLAYLIST_HEADERS })
    copies.set(mediaKey, copyKey)
  }
  const master = await rewritePlaylist(masterText, (uri) => {
    const copyKey = copies.get(resolveKey(masterKey, uri) ?? '')
    return copyKey ? presign(copyKey) : uri
  })
  const shareMasterKey = joinKey(sharePrefix, MASTER_PLAYLIST)
  await writeObjectText(client, { bucket, key: shareMasterKey, text: master.text, ...PLAYLIST_HEADERS })
  return {
    url: await presign(shareMasterKey),
    expiresAt: new Date((options.now ?? new Date()).getTime() + expiresInSeconds * 1000).toISOString(),
    keyPrefix: sharePrefix,
    playlists: copies.size
  }
}
