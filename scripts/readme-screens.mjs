#!/usr/bin/env node
// `npm run screens`: builds, runs the end-to-end tests (which save every screen to
// test-results/screens), then copies the screens the README shows into docs/screens.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1
if (run([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']) !== 0) process.exit(1)
if (run([join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/e2e']) !== 0) process.exit(1)
const shown = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/docs\/screens\/([\w.-]+\.png)/g)].map((m) => m[1])
const missing = []
for (const name of new Set(shown)) {
  const taken = join(root, 'test-results', 'screens', name)
  if (existsSync(taken)) copyFileSync(taken, join(root, 'docs', 'screens', name))
  else missing.push(name)
}
if (missing.length) {
  process.stderr.write(`The README shows screens the tests no longer take: ${missing.join(', ')}.\n`)
  process.exit(1)
}
process.stdout.write(`Copied ${new Set(shown).size} screens into docs/screens.\n`)
