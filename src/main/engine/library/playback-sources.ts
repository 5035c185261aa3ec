import type { PlaybackSource } from '@shared/app'
import { StudioError } from '@shared/errors'
import type { Job, PublishedLocation } from '@shared/job'
import { MASTER_PLAYLIST } from '../hls/package-files'
import { joinKey } from '../storage/key-prefix'
import type { PlaybackProxy } from '../storage/playback-proxy'
import type { StorageProvider } from '../storage/storage-provider'
import type { LibraryIndex } from './library-index'
import { downloadPathFor } from '../media/mp4-download-args'
import { shareDownload } from '../use-cases/share-package'

export interface PlaybackSourcesOptions {
  library: LibraryIndex
  findJob: (jobId: string) => Job | undefined
  storage: Pick<StorageProvider, 'target' | 'share' | 'presignGet' | 'openObject'>
  /** Started on first private playback: most sessions never need it. */
  proxy: PlaybackProxy
  /** Where the page reaches the proxy, when not directly on loopback (serve relays it). */
  proxyUrlForPage?: (proxyOrigin: string, url: string) => string
}

function folderOf(url: string): string {
  return url.slice(0, url.lastIndexOf('/') + 1)
}

/**
 * What the embedded player loads: a local package through the media protocol or route, a
 * public package straight from its bucket or CDN, a private one through the loopback playback
 * proxy (segments presigned), or a share link anyone can open until it expires.
 */
export class PlaybackSources {
  constructor(private readonly options: PlaybackSourcesOptions) {}

  async local(jobId: string): Promise<PlaybackSource> {
    const dir = await this.options.library.packageDirOf(jobId)
    if (!dir) {
      const published = this.options.findJob(jobId)?.outputs?.published
      throw new StudioError('FILE_NOT_FOUND', published ? 'This package is no longer on this machine; play it from the bucket.' : `There is no local package for ${jobId}.`)
    }
    const baseUrl = `${this.options.library.baseUrlOf(jobId)}/`
    return { url: `${baseUrl}${MASTER_PLAYLIST}`, origin: 'local', baseUrl }
  }

  async remote(jobId: string): Promise<PlaybackSource> {
    const published = this.published(jobId)
    const target = await this.options.storage.target(published.target)
    if (target.visibility === 'public') {
      const url = published.publicUrl ?? published.masterPlaylistUrl
      return { url, origin: 'public', baseUrl: folderOf(url) }
    }
    const origin = await this.options.proxy.start()
    const direct = this.options.proxy.playbackUrl(published.target, joinKey(published.keyPrefix, MASTER_PLAYLIST))
    const url = this.options.proxyUrlForPage?.(origin, direct) ?? direct
    return { url, origin: 'proxy', baseUrl: folderOf(url) }
  }

  async share(jobId: string, expiresInSeconds: number): Promise<PlaybackSource> {
    const published = this.published(jobId)
    const target = await this.options.storage.target(published.target)
    if (target.visibility === 'public') {
      const url = published.publicUrl ?? published.masterPlaylistUrl
      // A public package needs no signature: its URL already plays anywhere, and never expires.
      return { url, origin: 'public', baseUrl: folderOf(url) }
    }
    const link = await this.options.storage.share(published.target, published.keyPrefix, expiresInSeconds)
    return { url: link.url, origin: 'share', baseUrl: folderOf(published.masterPlaylistUrl), expiresAt: link.expiresAt }
  }

  /** The MP4 download: its public URL, or a presigned one for a private bucket (it saves under the title either way). */
  async shareDownload(jobId: string, expiresInSeconds: number): Promise<PlaybackSource> {
    const published = this.published(jobId)
    const job = this.options.findJob(jobId)!
    if (!published.downloadUrl) throw new StudioError('INVALID_INPUT', `“${job.title}” has no published MP4 download. Encode it with the MP4 download on, then publish it.`)
    const target = await this.options.storage.target(published.target)
    if (target.visibility === 'public') return { url: published.downloadUrl, origin: 'public', baseUrl: folderOf(published.downloadUrl) }
    const link = await shareDownload(this.options.storage, published.target, joinKey(published.keyPrefix, downloadPathFor(job.slug)), expiresInSeconds, job.title)
    return { url: link.url, origin: 'share', baseUrl: folderOf(published.masterPlaylistUrl), expiresAt: link.expiresAt }
  }

  private published(jobId: string): PublishedLocation {
    const job = this.options.findJob(jobId)
    if (!job) throw new StudioError('NOT_FOUND', `There is no job ${jobId}.`)
    const published = job.outputs?.published
    if (!published) throw new StudioError('NOT_FOUND', `“${job.title}” has not been published to a bucket.`)
    return published
  }
}
