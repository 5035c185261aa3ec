/**
 * The built command line starts with commander and the command asked for: `--help` and
 * `jobs` must not load the AWS SDK, zod, pino or Fastify (each costs tens of milliseconds at
 * every start), nor the lock library beside no running studio. A module-resolve hook records
 * every package the process loads. zod is bundled into the build (electron.vite.config.ts), so
 * it is found by its own class name in the build's chunks, not by its node_modules path.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/cli'
import { tempDir } from '../../helpers/media'

const work = tempDir('hls-studio-lazy-start-')
afterAll(() => work.cleanup())
// lowdb may load: `jobs` reads the store with it (about 2 ms). proper-lockfile (with the
// graceful-fs it patches fs with, about 8 ms) only when a lock folder says a studio may run.
const HEAVY = ['@aws-sdk', '@smithy', 'zod', 'pino', 'fastify', 'bullmq', 'ioredis', 'proper-lockfile']

/** zod's core schema class: present in the chunk zod is bundled into, and in no other. */
const BUNDLED_ZOD_MARK = '$ZodType'

/** The packages `hls-studio <args>` loads, from the built CLI: under node_modules, or bundled (zod). */
function packagesLoadedBy(args: string[], name: string): string[] {
  const log = join(work.path, `${name}.log`)
  const hooks = join(work.path, `${name}-hooks.mjs`)
  writeFileSync(log, '')
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs'
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  appendFileSync(${JSON.stringify(log)}, result.url + '\\n')
  return result
}`
  )
  const register = join(work.path, `${name}-register.mjs`)
  writeFileSync(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, join(REPO, 'out', 'main', 'cli.js'), '--data-dir', join(work.path, 'data'), ...args], { encoding: 'utf8', timeout: 60_000 })
  expect(run.status, run.stderr).toBe(0)
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  const packages = urls.map((url) => url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1]).filter((p): p is string => Boolean(p))
  const buildFiles = urls.filter((url) => url.startsWith('file:') && url.includes('/out/main/')).map((url) => fileURLToPath(url))
  if (buildFiles.some((file) => readFileSync(file, 'utf8').includes(BUNDLED_ZOD_MARK))) packages.push('zod')
  return [...new Set(packages)]
}

describe('the command line loads lazily', () => {
  it('finds zod in the build when a command does load it', () => {
    // The check below could not fail if the bundled zod were invisible to it: `targets list` validates targets.json with zod.
    expect(packagesLoadedBy(['targets', 'list'], 'targetslist')).toContain('zod')
  })

  it.each([
    ['--help', ['--help']],
    ['jobs', ['jobs']]
  ])('`%s` loads none of the heavy packages', (name, args) => {
    const loaded = packagesLoadedBy(args, name.replace(/\W/g, ''))
    expect(loaded).toContain('commander')
    expect(loaded.filter((p) => HEAVY.some((heavy) => p === heavy || p.startsWith(`${heavy}/`)))).toEqual([])
  })
})
