/// <reference lib="dom" />
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import type { JobStatus } from '@shared/job'

export const SCREENS_DIR = resolve(import.meta.dirname, '../../test-results/screens')

/** Saves a screenshot of what the page shows now, for the README and for a person to look at. */
export async function saveScreen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true })
  const path = join(SCREENS_DIR, `${name}.png`)
  // Colours and buttons ease for ~120 ms after a change; take the screen once they have settled.
  await page.waitForTimeout(300)
  // Toasts come and go; a screen is taken without them in the way.
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => ((t as HTMLElement).style.visibility = 'hidden')))
  await page.screenshot({ path })
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => ((t as HTMLElement).style.visibility = '')))
  return path
}

/**
 * Drops files and folders from disk on the window the way a person does: Chromium's own drag
 * with real paths, so a folder arrives as a directory entry the page walks itself.
 */
export async function dropPaths(page: Page, paths: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  const data = { items: [], files: paths, dragOperationsMask: 1 }
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 700, y: 400, data })
  }
  await cdp.detach()
}

/** Waits until `count` rows show one of `statuses`; the UI reads the status from live events. */
export async function waitForRows(page: Page, statuses: JobStatus[], count: number, timeout = 240_000): Promise<void> {
  await page.waitForFunction(
    ({ statuses, count }) => document.querySelectorAll(statuses.map((s) => `.job-row[data-status="${s}"]`).join(',')).length >= count,
    { statuses, count },
    { timeout, polling: 250 }
  )
}

export function rowByTitle(page: Page, title: string) {
  return page.locator('.job-row', { has: page.getByRole('button', { name: title, exact: true }) })
}

/** The player's <video> time, once it has moved past `seconds`: playback really advances. */
export async function waitForPlayback(page: Page, seconds: number, timeout = 60_000): Promise<number> {
  await page.waitForFunction((s) => (document.querySelector('.player-host video') as HTMLVideoElement | null)?.currentTime! > s, seconds, { timeout, polling: 200 })
  return page.evaluate(() => (document.querySelector('.player-host video') as HTMLVideoElement).currentTime)
}
