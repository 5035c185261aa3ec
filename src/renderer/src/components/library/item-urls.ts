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
