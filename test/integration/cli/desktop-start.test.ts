/**
 * `npm start` and `npm run dev` on a machine without Electron's binary (this one: it cannot be
 * downloaded here): one plain sentence naming what is missing and the command that fetches it,
 * exit 1, instead of electron-vite's "Error: Electron uninstall".
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/cli'

const binaryInstalled = existsSync(join(REPO, 'node_modules', 'electron', 'path.txt'))

function npm(script: string, env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('npm', ['run', script], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe.skipIf(binaryInstalled)('the desktop app without the Electron binary', () => {
  for (const script of ['start', 'dev']) {
    it(`npm ${script === 'start' ? 'start' : 'run dev'} says what is missing and how to fetch it, and exits 1`, () => {
      const run = npm(script, { ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ELECTRON_OVERRIDE_DIST_PATH: undefined })
      expect(run.status).toBe(1)
      const lines = run.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toBe(
        `The desktop app needs Electron's own binary, which is not installed (npm skipped its download): run \`node node_modules/electron/install.js\` in ${REPO} to fetch it, then \`npm ${script === 'start' ? 'start' : 'run dev'}\` again.`
      )
      expect(run.stderr + run.stdout).not.toMatch(/Electron uninstall|at .*\.js:\d+/)
    })
  }

  it('names the variable to unset when ELECTRON_SKIP_BINARY_DOWNLOAD is what stopped the download', () => {
    const run = npm('start', { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('run `env -u ELECTRON_SKIP_BINARY_DOWNLOAD node node_modules/electron/install.js`')
  })
})
