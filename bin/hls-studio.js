#!/usr/bin/env node
// `hls-studio` on PATH (`npm link` in the clone) and `npm run studio`: runs the built command
// line, building it first when the sources are newer than the build (a fresh clone has none).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import module from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'out', 'main', 'cli.js')

function newestMtime(path) {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

const inputs = ['src', 'electron.vite.config.ts', 'package.json'].map((p) => join(root, p))
const stale = !existsSync(built) || inputs.some((p) => newestMtime(p) > statSync(built).mtimeMs)
if (stale) {
  process.stderr.write('Building hls-studio (once, after a change to its sources)…\n')
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit']
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}
// Node 22's on-disk compile cache: the AWS SDK and the engine load from cached code after the
// first run instead of being parsed again by every command (absent on older Node: no harm).
module.enableCompileCache?.()
await import(pathToFileURL(built).href)
