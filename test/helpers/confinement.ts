/**
 * A package folder beside secrets it must never reveal, for the confinement tests of the
 * `studio-media://` protocol and the media route of `serve`: the same attempts against both.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './media'

export const PACKAGE_JOB = 'job-11111111-2222-4333-8444-555555555555'
export const OTHER_JOB = 'job-99999999-2222-4333-8444-555555555555'
export const SECRET_TEXT = 'TOP-SECRET-do-not-serve'

export interface ConfinementFixture {
  root: string
  /** The output folder holding `<slug>/<jobId>` packages. */
  outputDir: string
  packageDir: string
  /** 1000 bytes: byte i is i % 251, so any range can be checked. */
  segment: Buffer
  packageDirOf: (jobId: string) => Promise<string | undefined>
  cleanup(): void
}

export function makeConfinementFixture(): ConfinementFixture {
  const dir = tempDir('hls-studio-confine-')
  const output = join(dir.path, 'output')
  const packageDir = join(output, 'show', PACKAGE_JOB)
  mkdirSync(join(packageDir, 'v0'), { recursive: true })
  mkdirSync(join(packageDir, 'thumbnails'), { recursive: true })
  const segment = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251))
  writeFileSync(join(packageDir, 'master.m3u8'), '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv0/index.m3u8\n')
  writeFileSync(join(packageDir, 'v0', 'seg 0.ts'), segment)
  writeFileSync(join(packageDir, 'thumbnails', 'poster.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]))
  // A job.json the Library's reader accepts (and so the media route of `serve` knows the package); probe and plan need only be objects.
  const manifest = {
    version: 1,
    jobId: PACKAGE_JOB,
    slug: 'show',
    title: 'Show',
    createdAt: '2026-01-01T00:00:00.000Z',
    source: { path: '/nonexistent/show.mp4', sizeBytes: 1 },
    probe: {},
    plan: {},
    masterPlaylist: 'master.m3u8',
    variants: [],
    files: [{ path: 'thumbnails/poster.jpg', bytes: 4, kind: 'image' }],
    totalBytes: 1004,
    warnings: []
  }
  writeFileSync(join(packageDir, 'job.json'), JSON.stringify(manifest))
  // Secrets next to the package, in the output folder, and outside it.
  writeFileSync(join(output, 'show', 'secret.txt'), SECRET_TEXT)
  writeFileSync(join(dir.path, 'secret.txt'), SECRET_TEXT)
  symlinkSync(join(dir.path, 'secret.txt'), join(packageDir, 'escape.txt'))
  symlinkSync(dir.path, join(packageDir, 'escape-dir'))
  symlinkSync(join(packageDir, 'v0', 'seg 0.ts'), join(packageDir, 'alias.ts'))
  return {
    root: dir.path,
    outputDir: output,
    packageDir,
    segment,
    packageDirOf: async (jobId) => (jobId === PACKAGE_JOB ? packageDir : undefined),
    cleanup: dir.cleanup
  }
}

/** Paths after the media prefix (as raw, still-encoded URL text) that must all answer 404. */
export function traversalAttempts(root: string): string[] {
  return [
    `${PACKAGE_JOB}/../secret.txt`,
    `${PACKAGE_JOB}/%2e%2e/secret.txt`,
    `${PACKAGE_JOB}/%2E%2E/%2E%2E/secret.txt`,
    `${PACKAGE_JOB}/..%2fsecret.txt`,
    `${PACKAGE_JOB}/..%5csecret.txt`,
    `${PACKAGE_JOB}/%2e%2e%2f%2e%2e%2fsecret.txt`,
    `${PACKAGE_JOB}/v0/..%2f..%2f..%2fsecret.txt`,
    `${PACKAGE_JOB}/${encodeURIComponent(`${root}/secret.txt`)}`,
    `${PACKAGE_JOB}//${root.replace(/^\//, '')}/secret.txt`,
    `${PACKAGE_JOB}/%00secret.txt`,
    `${PACKAGE_JOB}/C:%5cWindows%5cwin.ini`,
    `${PACKAGE_JOB}/escape.txt`,
    `${PACKAGE_JOB}/escape-dir/secret.txt`,
    `${PACKAGE_JOB}/v0`,
    `${PACKAGE_JOB}`,
    `${OTHER_JOB}/master.m3u8`,
    `not-a-job/master.m3u8`,
    `..%2f${PACKAGE_JOB}/master.m3u8`
  ]
}
