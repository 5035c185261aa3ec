import { chromium, type Browser, type Page } from 'playwright-core'

/** Debian's Chromium, driven by playwright-core: Playwright cannot download its own browser here. */
export const CHROMIUM_PATH = process.env.HLS_STUDIO_CHROMIUM ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required'
    ]
  })
}

/**
 * Opens serve's login link as a person would: the login page answers first, trades the link's
 * `#token=` for a session cookie, and loads the studio, whose root then has content.
 */
export async function openLoginLink(page: Page, loginUrl: string): Promise<void> {
  await page.goto(loginUrl)
  await page.waitForSelector('#root *', { timeout: 30_000 })
}
