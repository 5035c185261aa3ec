import { chromium, type Browser } from 'playwright-core'

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
