/**
 * Settings → Workers and a package the workers made, in a real Chromium against serve with a
 * real redis-server and a real `hls-studio worker` process: the worker's name, cores and
 * encoders appear, the connection test answers, and the package made by coordinator and
 * worker plays in the studio's player. Screens at 1280 px and at 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { EncodeSettingsInput } from '@shared/settings'
import { launchChromium, openLoginLink } from '../helpers/browser'
import { RENDERER_DIR, rendererBuilt } from '../helpers/studio-server'
import { useWorkerLab } from '../helpers/worker-lab'
import { saveScreen, waitForPlayback } from './studio-page'

const SETTINGS: EncodeSettingsInput = { segmentSeconds: 2, ladder: [360, 240], images: false, chunkSeconds: 4 }

describe.skipIf(!rendererBuilt())('Settings → Workers and a package the workers made', () => {
  const suite = useWorkerLab('hls-studio-workers-ui-', { name: 'worker film', seconds: 13, fps: 25 }, { rendererDir: RENDERER_DIR })
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('shows the worker in Settings → Workers, and plays what it encoded', async () => {
    const { lab, source } = suite
    await lab.startWorker('attic-laptop')
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await openLoginLink(page, lab.server.loginUrl)
    await page.goto(`${lab.server.url}/#/settings/workers`)
    const panel = page.locator('#workers')
    const row = panel.getByTestId('worker-row').filter({ hasText: 'attic-laptop' })
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toMatch(/attic-laptop.*\d+ cores · libx264.*idle.*heard \d+ s ago/)
    await panel.getByTestId('workers-redis').filter({ hasText: `Chunks go through ${lab.redis.url}` }).waitFor()

    await panel.getByLabel('Redis URL').fill(lab.redis.url)
    await panel.getByRole('button', { name: 'Test connection' }).click()
    await panel.getByTestId('redis-test').filter({ hasText: `at ${lab.redis.url} answers.` }).waitFor({ timeout: 10_000 })
    const panelToTop = (): Promise<void> => panel.evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await panelToTop()
    await saveScreen(page, '14-settings-workers')
    await page.setViewportSize({ width: 390, height: 844 })
    await panelToTop()
    await saveScreen(page, '14-settings-workers-390')

    // The coordinator has no worker of its own here: every chunk is the worker's.
    const studio = lab.server.runtime.studio
    const { created } = await studio.jobs.add({ sources: [source], settings: SETTINGS })
    const jobId = created[0]!.id
    const job = await lab.finishedJob(jobId)
    expect(job.error?.message).toBeUndefined()
    expect(new Set(job.plan?.chunking?.workers?.map((w) => w.worker))).toEqual(new Set(['attic-laptop']))

    await page.setViewportSize({ width: 1280, height: 900 })
    await page.evaluate((id) => (window.location.hash = `#/player/${id}?from=local`), jobId)
    await page.getByTestId('player').waitFor({ timeout: 30_000 })
    await page.locator('.vjs-big-play-button').click()
    // Past the first chunk (4 s): the join of the worker's chunks plays on.
    expect(await waitForPlayback(page, 5, 90_000)).toBeGreaterThan(5)
    await page.close()
  }, 400_000)
})
