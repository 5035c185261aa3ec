/// <reference lib="dom" />
/**
 * A chunked job with a target, in Chromium against `serve`: while later chunks still encode,
 * its row and its detail say which chunk encodes and how many of the package's segments the
 * bucket already holds ("Encoding chunk 3/10 · uploaded 8/66 segments"), wide and at 390 px.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addTargetInputSchema } from '@shared/targets'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { makeClip, tempDir } from '../helpers/media'
import { S3RVER_ACCESS_KEY_ID } from '../helpers/s3-server'
import { E2E_BUCKET, rendererBuilt, startStudioUnderTest, type StudioUnderTest } from '../helpers/studio-server'
import { rowByTitle, saveScreen } from './studio-page'

let studio: StudioUnderTest
let browser: Browser
let page: Page
const media = tempDir('hls-studio-e2e-early-')
/** "Encoding chunk 3/10 · uploaded 8/66 segments", with at least one segment in the bucket. */
const BOTH = /Encoding chunk (\d+)\/(\d+) · uploaded ([1-9][\d,]*)\/([\d,]+) segments/

beforeAll(async () => {
  if (!rendererBuilt()) throw new Error('The studio UI is not built: run `npm run build` first (npm test does).')
  studio = await startStudioUnderTest()
  const { handlers } = studio.server.runtime
  await handlers['targets.save'](
    addTargetInputSchema.parse({
      target: { name: 'lab', provider: 'minio', endpoint: studio.s3.endpoint, bucket: E2E_BUCKET },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'S3RVER' }
    })
  )
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await openLoginLink(page, studio.server.loginUrl)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await studio?.close()
  media.cleanup()
})

describe('a job that uploads while it encodes', () => {
  it('shows the chunk and the segments uploaded in its row and its detail, while it encodes', async () => {
    // 40 s at 2 s segments and 2-segment chunks: 10 chunks, one at a time, slow enough to watch.
    const clip = await makeClip(media.path, 'river-crossing', { width: 640, height: 360, seconds: 40 })
    const settings = { segmentSeconds: 2, chunkSeconds: 4, parallelChunks: 1, ladder: [240, 144], preset: 'slower' as const, images: false }
    // Straight to the engine: a browser may only read uploads, and dropping files is the story test's part.
    const { created } = await studio.server.runtime.studio.jobs.add({ sources: [clip], outputDir: join(media.path, 'out'), target: 'lab', settings })
    const row = rowByTitle(page, 'river-crossing')
    await row.waitFor({ timeout: 30_000 })
    await page.waitForFunction(
      (pattern) => {
        const el = document.querySelector('.job-row[data-status="ENCODING"]')
        return el !== null && new RegExp(pattern).test(el.textContent ?? '')
      },
      BOTH.source,
      { timeout: 180_000, polling: 100 }
    )
    await saveScreen(page, 'upload-while-encoding-row')
    const [, chunk, chunks, uploaded, total] = BOTH.exec((await row.textContent()) ?? '')!.map((n) => Number(n?.replace(/,/g, '')))
    expect(chunks).toBe(10)
    expect(chunk).toBeGreaterThan(1)
    expect(uploaded).toBeLessThan(total!)

    await page.setViewportSize({ width: 390, height: 844 })
    // The stage line is cut short there; the count stands beside the percent instead.
    const short = row.locator('.job-uploaded-short')
    await expect(short.isVisible()).resolves.toBe(true)
    await expect(short.textContent()).resolves.toMatch(/^[\d,]+\/[\d,]+ up$/)
    await saveScreen(page, 'upload-while-encoding-row-390')

    await page.setViewportSize({ width: 1440, height: 900 })
    await expect(short.isVisible()).resolves.toBe(false)
    await row.getByRole('button', { name: 'river-crossing', exact: true }).click()
    const status = page.locator('.status-detail')
    await status.waitFor({ timeout: 10_000 })
    // The detail follows the same events; the encode may have moved on, or ended, by now.
    await page.waitForFunction(
      () => /uploaded [\d,]+\/[\d,]+ segments|Segments \d+ of \d+|Published to lab/.test(document.querySelector('.status-detail')?.textContent ?? ''),
      undefined,
      { timeout: 30_000, polling: 100 }
    )
    await saveScreen(page, 'upload-while-encoding-detail')

    // The job finishes, published, with every segment the row counted against in the bucket.
    await page.waitForFunction(() => /Published to lab/.test(document.querySelector('.status-detail')?.textContent ?? ''), undefined, { timeout: 240_000, polling: 250 })
    const job = await studio.server.runtime.handlers['jobs.get']({ id: created[0]!.id })
    expect(job.status).toBe('COMPLETED')
    expect(job.outputs?.published?.objectCount).toBeGreaterThan(total!)
  }, 420_000)
})
