/** What a person sees of a run in a terminal and in a log: HumanReporter's lines. */
import { describe, expect, it } from 'vitest'
import type { JobProgress } from '@shared/job'
import { HumanReporter, type CliStreams, type JobRef } from '../../src/main/cli/reporter'

function terminal(columns: number, isTTY = true): { streams: CliStreams; text: () => string } {
  let text = ''
  const stdout = { isTTY, columns, write: (chunk: string) => ((text += chunk), true) } as unknown as CliStreams['stdout']
  return { streams: { stdout, stderr: stdout }, text: () => text }
}

/** The screen lines a terminal would show: each \r redraw replaces the line, \x1b[K clears the rest. */
function screen(raw: string): string[] {
  return raw
    .split('\n')
    .map((line) => line.split('\r').pop()!.replace(/\x1b\[K/g, ''))
    .filter(Boolean)
}

const harbour: JobRef = { jobId: 'job-1', title: 'Harbour timelapse at night, the long director’s cut', slug: 'harbour-timelapse-at-night-the-long-directors-cut', source: '/m/h.mp4' }
const podcast: JobRef = { jobId: 'job-2', title: 'Podcast episode 12', slug: 'podcast-episode-12', source: '/m/p.mp3' }
const encoding = (percent: number, extra: Partial<JobProgress> = {}): JobProgress => ({
  stage: 'ENCODING',
  percent,
  currentVariant: 'v1',
  fps: 143.2,
  speed: 5.72,
  etaSeconds: 754,
  completedSegments: 12,
  totalSegments: 140,
  ...extra
})

describe('terminal progress', () => {
  it('fits 80 columns on a wide terminal and the width of a narrow one, title first', () => {
    for (const columns of [200, 80, 60]) {
      const t = terminal(columns)
      const reporter = new HumanReporter(t.streams)
      reporter.created(harbour)
      reporter.progress(harbour, encoding(42.5))
      const lines = screen(t.text())
      expect(lines[0]).toBe('queued   Harbour timelapse at night, the long director’s cut  (job-1)')
      const bar = lines.at(-1)!
      expect([...bar].length).toBeLessThanOrEqual(Math.min(80, columns - 1))
      expect(bar.startsWith('Harbour timelapse at …')).toBe(true)
      expect(bar).toContain('42.5%')
    }
    const wide = terminal(200)
    new HumanReporter(wide.streams).progress(harbour, encoding(42.5))
    expect(screen(wide.text())[0]).toBe('Harbour timelapse at … encoding    ███████░░░░░░░░░  42.5%  v1  5.72x  ETA 12:34')
  })

  it('never goes backwards, and follows one job while two run', () => {
    const t = terminal(120)
    const reporter = new HumanReporter(t.streams)
    reporter.progress(harbour, encoding(2.1))
    reporter.progress(harbour, encoding(0))
    reporter.progress(podcast, { stage: 'ENCODING', percent: 80, currentVariant: 'a0', fps: 0, speed: 40 })
    reporter.progress(harbour, encoding(4.6))
    const percents = t.text().split('\r').filter(Boolean).map((l) => Number(/(\d+\.\d)%/.exec(l)![1]))
    expect(percents).toEqual([2.1, 2.1, 4.6])
    expect(t.text()).not.toContain('Podcast')
    expect(screen(t.text()).at(-1)).toMatch(/^Harbour timelapse … \+1 encoding/)
  })

  it('shows no fps for audio, where ffmpeg counts audio frames', () => {
    const t = terminal(80, false)
    const reporter = new HumanReporter(t.streams)
    reporter.progress(podcast, { stage: 'ENCODING', percent: 30, currentVariant: 'a1', fps: 0, speed: 38.5, etaSeconds: 4 })
    reporter.progress(podcast, { stage: 'ENCODING', percent: 60, currentVariant: 'a2', fps: 12, speed: 38.5, etaSeconds: 2 })
    const lines = screen(t.text())
    expect(lines).toEqual([
      'Podcast episode 12     encoding    █████░░░░░░░░░░░  30.0%  a1  38.50x  ETA 0:04',
      'Podcast episode 12     encoding    ██████████░░░░░░  60.0%  a2  38.50x  ETA 0:02'
    ])
    for (const line of lines) expect(line).not.toMatch(/fps/)
  })
})
