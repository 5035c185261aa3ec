#!/usr/bin/env node
// `npm start` / `npm run dev`: electron-vite preview or dev, once Electron's own binary is there.
// Without it electron-vite fails with "Error: Electron uninstall"; a person gets one sentence
// saying what is missing and the command that fetches it instead.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const mode = process.argv[2]
if (mode !== 'dev' && mode !== 'preview') {
  process.stderr.write('usage: node scripts/electron-app.mjs dev|preview\n')
  process.exit(2)
}

/** The path Electron's install script wrote (node_modules/electron/path.txt), when the binary is really there. */
function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : undefined
}

if (!electronBinary()) {
  // install.js does nothing while this variable is set, so the fix must unset it.
  const fetch = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
    ? 'env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js'
    : 'node node_modules/electron/install.js'
  process.stderr.write(`The desktop app needs Electron's own binary, which is not installed (npm skipped its download): run \`${fetch}\` in ${root} to fetch it, then \`npm ${mode === 'dev' ? 'run dev' : 'start'}\` again.\n`)
  process.exit(1)
}

const run = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), mode, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? (run.signal ? 1 : 0))
