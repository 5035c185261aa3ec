import type { LibraryItem } from '@shared/app'

/** A URL inside a package folder, from the folder's base URL. */
export function packageUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

/** The public package folder of a published item: its master's folder. */
export function publishedBase(item: LibraryItem): string | undefined {
  const url = item.published?.publicUrl
  if (!url || item.visibility === 'private') return undefined
  return url.slice(0, url.lastIndexOf('/'))
}

/** The picture of a card: the poster (video) or the waveform (audio), local first; or the spectrogram when asked. */
export function thumbnailUrl(item: LibraryItem, picture: 'default' | 'spectrogram' = 'default'): string | undefined {
  const path = picture === 'spectrogram' ? item.thumbnails.spectrogram : (item.thumbnails.poster ?? item.thumbnails.waveform)
  if (!path) return undefined
  const base = item.local?.baseUrl ?? publishedBase(item)
  return base ? packageUrl(base, path) : undefined
}

/**
 * The MP4 download of a card: where the browser fetches it (the local package first, else a
 * public bucket) and a link worth copying (a public bucket's, or serve's own http URL; the
 * desktop's studio-media:// opens nowhere else). A private bucket's needs a share link.
 */
export function downloadLinks(item: LibraryItem, pageUrl = globalThis.location?.href): { href?: string; copy?: string } {
  if (!item.download) return {}
  const local = item.local ? packageUrl(item.local.baseUrl, item.download) : undefined
  const published = item.visibility === 'private' ? undefined : item.published?.downloadUrl
  // serve's media URLs are relative to the page; as a copied link they must stand alone.
  const localAbsolute = local && pageUrl ? new URL(local, pageUrl).href : local
  const shareable = published ?? (localAbsolute && /^https?:/.test(localAbsolute) ? localAbsolute : undefined)
  return { href: local ?? published, copy: shareable }
}
