import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/program'
import type { CliContext } from '../../src/main/cli/context'
import { tempDir } from '../helpers/media'

async function run(argv: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const stderr: string[] = []
  const ctx: CliContext = {
    streams: {
      stdout: { write: () => true } as unknown as NodeJS.WritableStream,
      stderr: { write: (text: string) => Boolean(stderr.push(text)) } as unknown as NodeJS.WritableStream
    },
    env: {},
    cwd,
    signal: new AbortController().signal,
    exitCode: 0
  }
  const code = await runCli(argv, ctx)
  return { code, stderr: stderr.join('') }
}

describe('hls-studio --log-level', () => {
  const dir = tempDir('hls-studio-cli-log-')
  afterAll(() => dir.cleanup())
  // A data dir under a plain file cannot be made: an error no code describes, so an internal one.
  const blocker = join(dir.path, 'a-file')
  writeFileSync(blocker, 'not a folder')
  const brokenDataDir = join(blocker, 'data')

  it('refuses a level that does not exist, as a usage error', async () => {
    const { code, stderr } = await run(['--log-level', 'loud', 'jobs'], dir.path)
    expect(code).toBe(2)
    expect(stderr).toContain('--log-level must be one of trace, debug, info, warn, error, fatal, silent, not "loud".')
  })

  it('shows an internal error in plain words, with its cause and stack logged on standard error (default warn)', async () => {
    const { code, stderr } = await run(['--data-dir', brokenDataDir, 'encode', blocker], dir.path)
    expect(code).toBe(1)
    expect(stderr).toContain('error: Something went wrong inside the studio; the log at standard error (more with --log-level debug) has the details.')
    expect(stderr).toMatch(/error: internal error: ENOTDIR[^\n]*\n\s+Error: ENOTDIR[^\n]*\n\s+at /)
  })

  it('at silent, keeps the plain words and drops the log lines', async () => {
    const { code, stderr } = await run(['--log-level', 'silent', '--data-dir', brokenDataDir, 'encode', blocker], dir.path)
    expect(code).toBe(1)
    expect(stderr).not.toContain('ENOTDIR')
    expect(stderr).toContain('Something went wrong inside the studio')
  })
})
