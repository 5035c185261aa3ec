/// <reference lib="dom" />
/**
 * bench:ui — the studio UI with 1,000 jobs in the queue and 4 of them sending progress at
 * 10 Hz each, in headless Chromium. It measures how busy the renderer's main thread is (CDP
 * TaskDuration over wall time) and how smooth a scroll through the list is (frame intervals
 * from requestAnimationFrame), each against a reference phase measured in the same run.
 * Budget (issue 7): main thread under 30% busy, scrolling smooth. This is a measurement,
 * not a test: it never fails on timing.
 *
 *   npm run bench:ui            (builds the renderer first when out/renderer is missing)
 */
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import type { Job } from '@shared/job'
import { launchChromium } from '../test/helpers/browser'
import { scriptedJobs, startScriptedStudio, type ScriptedStudio } from '../test/helpers/scripted-studio-server'

const JOBS = 1000
const RUNNING = 4
const RATE_HZ = 10
const PHASE_MS = 8000

const rendererDir = resolve(import.meta.dirname, '../out/renderer')
if (!existsSync(resolve(rendererDir, 'index.html'))) {
  console.log('Building the renderer…')
  spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
}

/** Sends job-updated for the running jobs at RATE_HZ each, as the engine's coalescing allows at most. */
function startProgress(studio: ScriptedStudio): () => void {
  const running = studio.jobs.slice(0, RUNNING)
  let tick = 0
  const timer = setInterval(() => {
    tick += 1
    running.forEach((job, i) => {
      const percent = (tick * 0.2 + i * 11) % 100
      const next: Job = {
        ...job,
        updatedAt: new Date(Date.parse(job.updatedAt) + tick * 100).toISOString(),
        progress: { percent, stage: 'ENCODING', currentVariant: '720p', variantIndex: 2, variantCount: 4, variantPercent: percent, fps: 80 + (tick % 7), speed: 2.4, etaSeconds: 600 - tick / 10 }
      }
      studio.emit({ type: 'job-updated', job: next })
    })
  }, 1000 / RATE_HZ)
  return () => clearInterval(timer)
}

async function mainThreadBusy(page: Page, ms: number): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const read = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
  }
  const startTask = await read()
  const startWall = Date.now()
  await page.waitForTimeout(ms)
  const busy = (await read()) - startTask
  await cdp.detach()
  return busy / ((Date.now() - startWall) / 1000)
}

interface ScrollStats {
  frames: number
  p50: number
  p95: number
  worst: number
  /** Frames that took over 50 ms: what a person sees as a hitch. */
  hitches: number
  rowsInPage: number
}

/** Scrolls the job list down and back by a fixed step per frame and records each frame's interval. */
async function scrollList(page: Page, ms: number): Promise<ScrollStats> {
  return page.evaluate(async (duration) => {
    const list = document.querySelector<HTMLElement>('[data-testid="job-list"]')!
    const intervals: number[] = []
    let rowsInPage = 0
    await new Promise<void>((done) => {
      const start = performance.now()
      let last = start
      let direction = 1
      const step = (now: number): void => {
        intervals.push(now - last)
        last = now
        if (list.scrollTop + list.clientHeight >= list.scrollHeight - 2) direction = -1
        if (list.scrollTop <= 0) direction = 1
        list.scrollTop += direction * 48
        rowsInPage = Math.max(rowsInPage, list.querySelectorAll('[role="listitem"]').length)
        if (now - start < duration) requestAnimationFrame(step)
        else done()
      }
      requestAnimationFrame(step)
    })
    intervals.shift()
    const sorted = [...intervals].sort((a, b) => a - b)
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
    return { frames: intervals.length, p50: at(0.5), p95: at(0.95), worst: sorted.at(-1) ?? 0, hitches: intervals.filter((i) => i > 50).length, rowsInPage }
  }, ms)
}

async function main(): Promise<void> {
  const studio = await startScriptedStudio(scriptedJobs(JOBS, RUNNING), rendererDir)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // tsx names functions with an `__name` helper that page.evaluate's serialized code lacks.
    await page.addInitScript('globalThis.__name = (fn) => fn')
    await page.goto(studio.url)
    await page.waitForSelector('[data-testid="job-list"] [role="listitem"]')
    await page.waitForTimeout(1000)

    const idle = await mainThreadBusy(page, PHASE_MS)
    const stop = startProgress(studio)
    await page.waitForTimeout(500)
    const live = await mainThreadBusy(page, PHASE_MS)
    const [liveScroll, busyWhileScrolling] = await Promise.all([scrollList(page, PHASE_MS), mainThreadBusy(page, PHASE_MS)])
    stop()
    await page.waitForTimeout(500)
    const [quietScroll, busyQuietScroll] = await Promise.all([scrollList(page, PHASE_MS), mainThreadBusy(page, PHASE_MS)])
    const title = await page.title()

    const pct = (v: number): string => `${(v * 100).toFixed(1)}%`
    const ms = (v: number): string => `${v.toFixed(1)} ms`
    console.log(`\nbench:ui — ${JOBS} jobs, ${RUNNING} sending progress at ${RATE_HZ} Hz each, Chromium headless, ${PHASE_MS / 1000} s per phase`)
    console.log(`window title during the run: "${title}"\n`)
    console.table([
      { phase: 'idle queue (reference)', 'main thread busy': pct(idle), 'vs 30% budget': (idle / 0.3).toFixed(2) },
      { phase: 'live progress', 'main thread busy': pct(live), 'vs 30% budget': (live / 0.3).toFixed(2), 'vs reference': (live / Math.max(idle, 1e-3)).toFixed(1) },
      { phase: 'scrolling, no events (reference)', 'main thread busy': pct(busyQuietScroll), 'vs 30% budget': (busyQuietScroll / 0.3).toFixed(2) },
      { phase: 'live progress + scrolling', 'main thread busy': pct(busyWhileScrolling), 'vs 30% budget': (busyWhileScrolling / 0.3).toFixed(2), 'vs reference': (busyWhileScrolling / Math.max(busyQuietScroll, 1e-3)).toFixed(2) }
    ])
    console.table([
      { scroll: 'no events (reference)', frames: quietScroll.frames, p50: ms(quietScroll.p50), p95: ms(quietScroll.p95), worst: ms(quietScroll.worst), 'frames > 50 ms': quietScroll.hitches, 'rows in page': quietScroll.rowsInPage },
      { scroll: 'live progress', frames: liveScroll.frames, p50: ms(liveScroll.p50), p95: ms(liveScroll.p95), worst: ms(liveScroll.worst), 'frames > 50 ms': liveScroll.hitches, 'rows in page': liveScroll.rowsInPage, 'p95 vs reference': (liveScroll.p95 / Math.max(quietScroll.p95, 1e-3)).toFixed(2) }
    ])
  } finally {
    await browser.close()
    await studio.close()
  }
}

await main()
