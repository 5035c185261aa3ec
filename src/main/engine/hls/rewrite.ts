import { posix } from 'node:path'
import * as HLS from 'hls-parser'

/**
 * Playlist rewriting for private buckets: every URI a playlist holds is handed to a mapper
 * (which presigns it, or points it at the playback proxy), then the playlist is written
 * back with hls-parser. Pure apart from the mapper; the mapper may be async (presigning is).
 */

export type UriRole = 'variant' | 'iframe-variant' | 'rendition' | 'segment' | 'init' | 'key'

export interface PlaylistUri {
  uri: string
  role: UriRole
}

export type UriMapper = (uri: string, role: UriRole) => string | Promise<string>

type Settable = { uri?: string }

/** The objects holding URIs, each once: hls-parser shares renditions and maps between entries. */
function uriHolders(playlist: HLS.types.MasterPlaylist | HLS.types.MediaPlaylist): Array<{ holder: Settable; role: UriRole }> {
  const seen = new Set<object>()
  const holders: Array<{ holder: Settable; role: UriRole }> = []
  const add = (holder: Settable | undefined | null, role: UriRole): void => {
    if (!holder?.uri || seen.has(holder)) return
    seen.add(holder)
    holders.push({ holder, role })
  }
  if (playlist.isMasterPlaylist) {
    for (const variant of playlist.variants) {
      add(variant, variant.isIFrameOnly ? 'iframe-variant' : 'variant')
      for (const rendition of [...variant.audio, ...variant.video, ...variant.subtitles, ...variant.closedCaptions]) add(rendition, 'rendition')
    }
  } else {
    for (const segment of playlist.segments) {
      add(segment, 'segment')
      add(segment.map, 'init')
      add(segment.key, 'key')
    }
  }
  return holders
}

export function parsePlaylist(text: string): HLS.types.MasterPlaylist | HLS.types.MediaPlaylist {
  return HLS.parse(text) as HLS.types.MasterPlaylist | HLS.types.MediaPlaylist
}

/** Every URI the playlist refers to, in order, each once. */
export function playlistUris(text: string): PlaylistUri[] {
  return uriHolders(parsePlaylist(text)).map(({ holder, role }) => ({ uri: holder.uri!, role }))
}

export interface RewrittenPlaylist {
  text: string
  isMaster: boolean
}

/** Maps every URI (each distinct one once) and writes the playlist back. */
export async function rewritePlaylist(text: string, mapUri: UriMapper): Promise<RewrittenPlaylist> {
  const playlist = parsePlaylist(text)
  const mapped = new Map<string, Promise<string>>()
  const holders = uriHolders(playlist)
  for (const { holder, role } of holders) {
    const uri = holder.uri!
    const key = `${role}\n${uri}`
    if (!mapped.has(key)) mapped.set(key, Promise.resolve(mapUri(uri, role)))
  }
  for (const { holder, role } of holders) holder.uri = await mapped.get(`${role}\n${holder.uri!}`)!
  return { text: HLS.stringify(playlist), isMaster: playlist.isMasterPlaylist }
}

/** Whether a playlist URI is absolute (has a scheme) rather than relative to the playlist. */
export function isAbsoluteUri(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(uri)
}

/**
 * The bucket key a relative URI points at, from the key of the playlist holding it.
 * Undefined for absolute URIs and for paths that climb above the bucket root.
 */
export function resolveKey(playlistKey: string, uri: string): string | undefined {
  if (isAbsoluteUri(uri) || uri.startsWith('//')) return undefined
  const [path = ''] = uri.split(/[?#]/)
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return undefined
  }
  const base = uri.startsWith('/') ? '.' : posix.dirname(playlistKey)
  const key = posix.normalize(posix.join(base, decoded.replace(/^\/+/, '')))
  if (key === '.' || key === '..' || key.startsWith('../') || key.endsWith('/')) return undefined
  return key
}
