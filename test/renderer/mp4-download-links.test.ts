// @vitest-environment jsdom
/**
 * The MP4 download as the renderer offers it: a drop's own MP4 choice becomes that drop's
 * settings only when it differs from the defaults, and a card's links are the local file first,
 * a public bucket's URL to copy, and nothing a private bucket would refuse.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { LibraryItem, StudioSettings } from '@shared/app'
import { resolveEncodeSettings } from '@shared/settings'
import { dropSettings } from '../../src/renderer/src/intake/add-sources'
import { downloadLinks } from '../../src/renderer/src/components/library/item-urls'
import { useIntakeStore } from '../../src/renderer/src/stores/intake-store'
import { useSettingsStore } from '../../src/renderer/src/stores/settings-store'

function useDefaults(mp4?: { crf: number; burnSubtitles: boolean }): void {
  useSettingsStore.setState({ settings: { outputDir: '/o', concurrency: 1, encode: { ...resolveEncodeSettings(), mp4 }, ffmpeg: { mode: 'bundled' } } as unknown as StudioSettings })
}

afterEach(() => useIntakeStore.getState().setMp4(undefined))

describe('a drop’s MP4 choice', () => {
  it('sends settings only when it differs from the defaults', () => {
    useDefaults()
    expect(dropSettings()).toEqual({})
    useIntakeStore.getState().setMp4(false)
    expect(dropSettings()).toEqual({})
    useIntakeStore.getState().setMp4(true)
    expect(dropSettings().settings?.mp4).toEqual({ crf: 23, burnSubtitles: false })
    expect(dropSettings().settings?.ladder).toEqual(resolveEncodeSettings().ladder)

    useDefaults({ crf: 18, burnSubtitles: true })
    expect(dropSettings()).toEqual({})
    useIntakeStore.getState().setMp4(false)
    expect(dropSettings().settings).toMatchObject({ mp4: undefined })
  })
})

describe('a card’s MP4 links', () => {
  const item = (over: Partial<LibraryItem>): LibraryItem =>
    ({ jobId: 'job-1', slug: 'film', title: 'Film', kind: 'video', createdAt: '', durationSeconds: 4, variants: [], thumbnails: {}, hasSubtitles: false, ...over }) as LibraryItem
  const published = { target: 't', keyPrefix: 'film/job-1', masterPlaylistUrl: 'https://b.example/film/job-1/master.m3u8', downloadUrl: 'https://b.example/film/job-1/download/film.mp4', uploadedAt: '', objectCount: 1, bytes: 1 }

  it('downloads the local file and copies serve’s absolute URL, or a public bucket’s', () => {
    const local = { dir: '/o/film/job-1', baseUrl: '/media/job-1', masterPlaylist: 'master.m3u8', totalBytes: 1 }
    expect(downloadLinks(item({ local, download: 'download/film.mp4' }), 'http://nas:8686/#/library')).toEqual({
      href: '/media/job-1/download/film.mp4',
      copy: 'http://nas:8686/media/job-1/download/film.mp4'
    })
    expect(downloadLinks(item({ local, download: 'download/film.mp4', published, visibility: 'public' }), 'http://nas:8686/')).toEqual({
      href: '/media/job-1/download/film.mp4',
      copy: published.downloadUrl
    })
    // The desktop's protocol opens nowhere else: nothing to copy.
    expect(downloadLinks(item({ local: { ...local, baseUrl: 'studio-media://job-1' }, download: 'download/film.mp4' }), 'app://studio/').copy).toBeUndefined()
  })

  it('offers nothing from a private bucket (a share link is the way) and nothing without an MP4', () => {
    expect(downloadLinks(item({ download: 'download/film.mp4', published, visibility: 'private' }))).toEqual({ href: undefined, copy: undefined })
    expect(downloadLinks(item({}))).toEqual({})
  })
})
