/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The studio in headless Chromium against `serve`: the real engine, the bundled ffmpeg and
 * s3rver as the bucket. One story, in the order a creator meets the screens; every screen is
 * saved to test-results/screens for the README and for a person to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { makeClip, seededBytes, tempDir } from '../helpers/media'
import { S3RVER_ACCESS_KEY_ID } from '../helpers/s3-server'
import { E2E_BUCKET, rendererBuilt, startStudioUnderTest, type StudioUnderTest } from '../helpers/studio-server'
import { dropPaths, rowByTitle, saveScreen, waitForPlayback, waitForRows } from './studio-page'

let studio: StudioUnderTest
let browser: Browser
let page: Page
const media = tempDir('hls-studio-e2e-media-')
const paths = { clipA: '', clipB: '', season: '', notes: '', noise: '', extra: '', long: '', secret: '' }

/** What the bucket really holds under a prefix, asked over S3 as any client would. */
async function bucketKeys(prefix: string): Promise<string[]> {
  const s3 = new S3Client({ endpoint: studio.s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'S3RVER' } })
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: E2E_BUCKET, Prefix: prefix }))
  s3.destroy()
  return (listed.Contents ?? []).map((o) => o.Key!)
}

beforeAll(async () => {
  if (!rendererBuilt()) throw new Error('The studio UI is not built: run `npm run build` first (npm test does).')
  paths.season = join(media.path, 'Season 1')
  mkdirSync(paths.season)
  ;[paths.clipA, paths.clipB] = await Promise.all([
    makeClip(media.path, 'harbour-timelapse', { width: 640, height: 360, seconds: 6 }),
    makeClip(media.path, 'studio-interview', { width: 480, height: 270, seconds: 4 })
  ])
  await makeClip(paths.season, 'pilot', { width: 320, height: 240, seconds: 3 })
  paths.notes = join(media.path, 'shot-list.mp4')
  writeFileSync(paths.notes, 'INT. HARBOUR - NIGHT\nThis is a shot list, not a video.\n')
  // Bytes under a video's name that only ffprobe can tell are not media: a failed row.
  paths.noise = join(media.path, 'camera-dump.mkv')
  writeFileSync(paths.noise, seededBytes(64 * 1024, 11))
  paths.extra = await makeClip(media.path, 'drone-pass', { width: 320, height: 180, seconds: 2 })
  paths.secret = await makeClip(media.path, 'director-cut', { width: 480, height: 270, seconds: 4 })
  paths.long = await makeClip(media.path, 'raw-footage', { width: 854, height: 480, seconds: 60, audioChannels: 0 })

  studio = await startStudioUnderTest()
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await openLoginLink(page, studio.server.loginUrl)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await studio?.close()
  media.cleanup()
})

describe('the studio in a browser', () => {
  it('greets a newcomer with what to do first', async () => {
    await expect(page.getByTestId('first-run').textContent()).resolves.toContain('Drop videos, audio or a whole folder')
    await saveScreen(page, '01-first-run')
  })

  it('adds a bucket in Settings, tests it, fixes its CORS and makes it the default', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click()
    await page.getByRole('button', { name: 'Add target' }).click()
    await page.getByLabel('Provider', { exact: true }).selectOption('minio')
    await page.getByLabel('Name', { exact: true }).fill('lab')
    await page.getByLabel('Endpoint', { exact: true }).fill(studio.s3.endpoint)
    await page.getByLabel('Bucket', { exact: true }).fill(E2E_BUCKET)
    await page.getByLabel('Access key ID', { exact: true }).fill(S3RVER_ACCESS_KEY_ID)
    await page.getByLabel('Secret access key', { exact: true }).fill('S3RVER')
    await page.getByRole('button', { name: 'Save and test' }).click()

    const report = page.getByTestId('connection-report')
    await report.waitFor({ timeout: 60_000 })
    await expect(report.textContent()).resolves.toContain('Connected: the studio can publish here.')
    const fix = report.getByRole('button', { name: 'Fix CORS' })
    if (await fix.count()) {
      await fix.click()
      await page.locator('.cors-line.is-ok').waitFor({ timeout: 30_000 })
    }
    await expect(report.textContent()).resolves.toContain('allows playback')

    await page.getByRole('button', { name: 'Make default' }).click()
    await page.locator('.target-card .badge', { hasText: 'Default' }).waitFor()
    // A second rung for small sources, so the player's quality menu has a choice to force.
    await page.locator('.chip', { hasText: '240p' }).click()
    await page.locator('.chip.is-selected', { hasText: '240p' }).waitFor()
    await page.locator('.encoder-table').waitFor({ timeout: 60_000 })
    await expect(page.locator('.encoder-table').textContent()).resolves.toContain('libx264')
    await saveScreen(page, '05-settings')
  })

  it('takes two dropped files and a dropped folder, and shows them encode, upload and finish', async () => {
    await page.getByRole('link', { name: 'Queue' }).first().click()
    await dropPaths(page, [paths.clipA, paths.clipB, paths.season])
    await waitForRows(page, ['QUEUED', 'PROBING', 'ENCODING', 'UPLOADING', 'COMPLETED'], 3)
    // A moment with a job part-way: the screen the README shows (or the end, on a fast machine).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.job-row[data-status="ENCODING"] [role="progressbar"], .job-row[data-status="UPLOADING"] [role="progressbar"]')].some((bar) => Number(bar.getAttribute('aria-valuenow')) > 0) ||
        document.querySelectorAll('.job-row[data-status="COMPLETED"]').length >= 3,
      undefined,
      { timeout: 240_000, polling: 100 }
    )
    await saveScreen(page, '02-queue-running')
    await waitForRows(page, ['COMPLETED'], 3)

    for (const title of ['harbour-timelapse', 'studio-interview', 'pilot']) {
      const row = rowByTitle(page, title)
      await expect(row.getAttribute('data-status')).resolves.toBe('COMPLETED')
      await expect(row.textContent()).resolves.toContain('Published to lab')
    }
    await expect(page.getByTestId('batch-count').textContent()).resolves.toMatch(/3 of 3/)
    await expect(page.title()).resolves.toBe('HLS Studio')
    await saveScreen(page, '02-queue-done')
  })

  it('shows a job in detail: the probe, the ladder, the log and where it was published', async () => {
    await page.getByRole('button', { name: 'harbour-timelapse', exact: true }).click()
    const detail = page.getByTestId('job-detail')
    await detail.waitFor()
    await page.locator('[data-testid="log-tail"]', { hasText: 'ffmpeg' }).waitFor({ timeout: 30_000 })
    const text = (await detail.textContent()) ?? ''
    expect(text).toContain('640×360')
    expect(text).toContain('360p')
    expect(text).toContain('240p')
    expect(text).toContain('Published')
    expect(text).toContain(E2E_BUCKET)
    // Each rung's quality against the source, graded in words, with its SSIM in the cell.
    const grades = await detail.locator('.quality-grade').allTextContents()
    expect(grades).toHaveLength(2)
    for (const grade of grades) expect(['excellent', 'good', 'visible loss', 'poor']).toContain(grade)
    expect(text).toMatch(/SSIM 0\.\d{3}/)
    // The package's poster and grid, loaded from the package itself.
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('.detail-pictures img')].filter((img) => img.complete && img.naturalWidth > 0).length === 2,
      undefined,
      { timeout: 15_000, polling: 100 }
    ).catch(() => {
      throw new Error('waited 15 s for the job detail to show the poster and grid loaded')
    })
    await expect(detail.locator('.detail-pictures figcaption').allTextContents()).resolves.toEqual(['Poster', 'Grid'])
    await saveScreen(page, '03-job-detail')
  })

  it('finds the packages in the library, grouped by title, with their posters', async () => {
    await page.getByRole('link', { name: 'Library' }).first().click()
    await page.locator('.item-card').nth(2).waitFor({ timeout: 30_000 })
    const titles = await page.locator('.item-card').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
    expect(titles.sort()).toEqual(['harbour-timelapse', 'pilot', 'studio-interview'])
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.item-thumb img')].filter((i) => i.complete && i.naturalWidth > 0).length >= 3, undefined, { timeout: 30_000 })
    await expect(page.locator('.place-public').count()).resolves.toBe(3)
    await saveScreen(page, '04-library')
  })

  it('plays the local package, forces a rung, then plays the published stream from the bucket', async () => {
    const card = page.locator('.item-card', { hasText: 'harbour-timelapse' })
    await card.getByRole('button', { name: 'Local' }).click()
    await page.getByTestId('player').waitFor()
    await page.locator('.vjs-big-play-button').click()
    expect(await waitForPlayback(page, 0.5)).toBeGreaterThan(0.5)
    await page.locator('.menu-item[data-variant="v1"]').click()
    await expect(page.locator('.menu-item[data-variant="v1"]').getAttribute('aria-checked')).resolves.toBe('true')
    // Storyboard previews: hovering the seek bar shows the sprite tile for that moment.
    const bar = page.locator('.vjs-progress-control')
    const box = (await bar.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
    await page.locator('.storyboard-preview.is-visible').waitFor({ timeout: 30_000 })
    await expect(page.locator('.storyboard-frame').evaluate((el) => getComputedStyle(el).backgroundImage)).resolves.toMatch(/thumbnails\/storyboard/)
    await saveScreen(page, '06-player-local')
    await page.mouse.move(10, 10)

    await page.getByRole('button', { name: 'Published' }).click()
    await page.locator('.player-side', { hasText: 'From the public bucket URL' }).waitFor({ timeout: 30_000 })
    await page.locator('.vjs-big-play-button').click()
    expect(await waitForPlayback(page, 0.5)).toBeGreaterThan(0.5)
    await saveScreen(page, '07-player-published')
  })

  it('refuses a dropped file that is not media on the drop, and fails one only ffprobe can tell, without offering a retry', async () => {
    await page.getByRole('link', { name: 'Queue' }).first().click()
    await dropPaths(page, [paths.notes, paths.noise, paths.extra])
    // The shot list never becomes a row: the drop says why, by name.
    await page.locator('.toast', { hasText: 'shot-list.mp4 was not added: it is a text file, not video or audio.' }).waitFor({ timeout: 60_000 })
    const row = rowByTitle(page, 'camera-dump')
    await row.and(page.locator('[data-status="FAILED"]')).waitFor({ timeout: 120_000 })
    await rowByTitle(page, 'drone-pass').and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 120_000 })
    expect(await rowByTitle(page, 'shot-list').count()).toBe(0)
    const message = (await row.locator('.job-detail').textContent()) ?? ''
    expect(message).toMatch(/camera-dump\.mkv/)
    expect(message).not.toMatch(/exit(ed)? (with )?code|stack|Error:/i)
    // The whole message is on screen: nothing cut off while the row has room.
    expect(await row.locator('.job-detail').evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1)).toBe(true)
    expect(await row.getByRole('button', { name: 'Retry camera-dump' }).count()).toBe(0)
    // One file of the two failed: the batch is half red, not a failed batch.
    const bar = page.locator('.batch-line', { hasText: '2 of 2' }).getByRole('progressbar')
    await expect(bar.getAttribute('aria-valuetext')).resolves.toBe('2 of 2, done, 1 did not finish')
    await expect(bar.locator('.part-danger').evaluate((el) => el.style.width)).resolves.toBe('50%')
    await saveScreen(page, '02-queue-refused')
  })

  it('keeps every row’s badge and actions on screen in a 390 px window, with named icon navigation', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    try {
      await page.getByRole('link', { name: 'Queue' }).first().click()
      await page.locator('.job-row').first().waitFor()
      const rows = await page.locator('.job-row').evaluateAll((els) =>
        els
          .filter((row) => row.getBoundingClientRect().bottom <= window.innerHeight)
          .map((row) => {
            const box = (el: Element | null): DOMRect | undefined => el?.getBoundingClientRect()
            return {
              title: row.querySelector('.job-title')?.textContent,
              row: box(row)!,
              badge: box(row.querySelector('.badge')),
              actions: [...row.querySelectorAll('.row-actions button')].map((b) => b.getBoundingClientRect())
            }
          })
      )
      expect(rows.length).toBeGreaterThan(0)
      for (const { title, row, badge, actions } of rows) {
        expect({ title, badge: !!badge, actions: actions.length }).toMatchObject({ title, badge: true })
        expect(actions.length).toBeGreaterThan(0)
        for (const part of [badge!, ...actions]) {
          expect(part.left).toBeGreaterThanOrEqual(row.left)
          expect(part.right).toBeLessThanOrEqual(Math.min(row.right, 390) + 0.5)
          expect(part.width).toBeGreaterThan(0)
        }
      }
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true)
      for (const name of ['Queue', 'Library', 'Settings']) {
        const link = page.getByRole('link', { name }).first()
        await expect(link.getAttribute('title')).resolves.toBe(name)
        await expect(link.locator('span').first().isVisible()).resolves.toBe(false)
      }
      await saveScreen(page, '14-queue-390')
      await page.getByRole('link', { name: 'Library' }).first().click()
      await page.locator('.item-card').first().waitFor({ timeout: 30_000 })
      await saveScreen(page, '15-library-390')
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 })
      await page.getByRole('link', { name: 'Queue' }).first().click()
    }
  })

  it('holds new work while the queue is paused, and starts it on resume', async () => {
    await page.getByRole('button', { name: 'Pause queue' }).click()
    await page.locator('.screen-title .badge', { hasText: 'Paused' }).waitFor()
    await dropPaths(page, [paths.long])
    const row = rowByTitle(page, 'raw-footage')
    await row.waitFor({ timeout: 120_000 })
    await expect(row.getAttribute('data-status')).resolves.toBe('QUEUED')
    await expect(row.textContent()).resolves.toContain('Next up')
    await page.getByRole('button', { name: 'Resume queue' }).click()
    await row.and(page.locator('[data-status="ENCODING"]')).waitFor({ timeout: 120_000 })
  })

  it('cancels a running encode, and a retry runs it again', async () => {
    const row = rowByTitle(page, 'raw-footage')
    await page.waitForSelector('.job-row[data-status="ENCODING"]', { timeout: 120_000 })
    await row.getByRole('button', { name: 'Cancel raw-footage' }).click()
    await page.waitForSelector('.job-row[data-status="CANCELLED"]', { timeout: 60_000 })
    await expect(row.textContent()).resolves.toContain('Cancelled')

    await row.getByRole('button', { name: 'Retry raw-footage' }).click()
    await page.waitForSelector('.job-row[data-status="ENCODING"]', { timeout: 120_000 })
    await expect(row.getAttribute('data-status')).resolves.toBe('ENCODING')
    await page.waitForFunction(() => Number(document.querySelector('.job-row[data-status="ENCODING"] [role="progressbar"]')?.getAttribute('aria-valuenow')) > 0, undefined, { timeout: 120_000, polling: 100 })
    await saveScreen(page, '02-queue-mixed')
    await page.emulateMedia({ colorScheme: 'dark' })
    await saveScreen(page, '08-queue-dark')
    await page.emulateMedia({ colorScheme: 'light' })
    // Stop it again so the run ends; removing it leaves the list as it was.
    await row.getByRole('button', { name: 'Cancel raw-footage' }).click()
    await page.waitForSelector('.job-row[data-status="CANCELLED"]', { timeout: 60_000 })
  })

  it('publishes to a private bucket, plays it through the studio’s proxy and makes a share link', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click()
    await page.getByRole('button', { name: 'Add target' }).click()
    await page.getByLabel('Provider', { exact: true }).selectOption('minio')
    await page.getByLabel('Name', { exact: true }).fill('vault')
    await page.getByLabel('Endpoint', { exact: true }).fill(studio.s3.endpoint)
    await page.getByLabel('Bucket', { exact: true }).fill(E2E_BUCKET)
    await page.getByLabel('Access key ID', { exact: true }).fill(S3RVER_ACCESS_KEY_ID)
    await page.getByLabel('Secret access key', { exact: true }).fill('S3RVER')
    await page.getByLabel('Key prefix', { exact: true }).fill('private/{slug}/{jobId}')
    await page.getByText('Private: signed links only').click()
    await page.getByRole('button', { name: 'Save and test' }).click()
    const vault = page.locator('.target-card[data-target="vault"]')
    await vault.getByTestId('connection-report').waitFor({ timeout: 60_000 })
    await vault.getByRole('button', { name: 'Make default' }).click()
    await vault.locator('.badge', { hasText: 'Default' }).waitFor()

    await page.getByRole('link', { name: 'Queue' }).first().click()
    await dropPaths(page, [paths.secret])
    const row = rowByTitle(page, 'director-cut')
    await row.and(page.locator('[data-status="COMPLETED"]')).waitFor({ timeout: 240_000 })
    await expect(row.textContent()).resolves.toContain('Published to vault')

    await page.getByRole('link', { name: 'Library' }).first().click()
    const card = page.locator('.item-card', { hasText: 'director-cut' })
    await expect(card.locator('.place-private').textContent()).resolves.toContain('vault · private')
    await card.getByRole('button', { name: 'Published' }).click()
    await page.locator('.player-side', { hasText: 'through the studio’s signing proxy' }).waitFor({ timeout: 30_000 })
    await page.locator('.vjs-big-play-button').click()
    expect(await waitForPlayback(page, 0.5)).toBeGreaterThan(0.5)

    await page.getByRole('link', { name: 'Library' }).first().click()
    await card.getByRole('button', { name: 'Share link' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('1 hour').click()
    await dialog.getByRole('button', { name: 'Create link' }).click()
    const link = await dialog.getByLabel('Share link').inputValue()
    await expect(dialog.textContent()).resolves.toMatch(/expires in (1 h|60 min|59 min)/)
    await saveScreen(page, '09-share-link')
    expect(link.startsWith(`${studio.s3.endpoint}/${E2E_BUCKET}/private/director-cut/`)).toBe(true)
    expect(new URL(link).searchParams.get('X-Amz-Expires')).toBe('3600')
    const master = await fetch(link)
    expect(master.status).toBe(200)
    expect(await master.text()).toMatch(/^#EXTM3U/)
    await dialog.getByRole('button', { name: 'Done' }).click()
  })

  it('deletes a package on this computer and in the bucket, after asking', async () => {
    const card = page.locator('.item-card', { hasText: 'studio-interview' })
    const jobId = (await card.getAttribute('data-job-id'))!
    const before = await bucketKeys(`studio-interview/${jobId}/`)
    expect(before).toContain(`studio-interview/${jobId}/master.m3u8`)
    const folder = join(studio.dataDir, 'output', 'studio-interview', jobId)
    expect(existsSync(folder)).toBe(true)

    await card.getByRole('button', { name: 'Delete studio-interview' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('checkbox', { name: /published copy in lab/ }).check()
    await saveScreen(page, '10-delete-confirm')
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
    await card.waitFor({ state: 'detached', timeout: 60_000 })
    expect(existsSync(folder)).toBe(false)
    expect(await bucketKeys(`studio-interview/${jobId}/`)).toEqual([])
  })
})
