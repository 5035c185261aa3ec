/**
 * The README's quick start, as a newcomer types it: `npm link` in the clone (into a throwaway
 * prefix here), then the "from any folder" commands verbatim, in a folder outside the
 * repository. The commands are read from the README itself, so the two cannot drift apart.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO } from '../../helpers/cli'
import { makeClip, tempDir } from '../../helpers/media'

const work = tempDir('hls-studio-quick-start-')
afterAll(() => work.cleanup())

/** The sh block that follows the paragraph starting with `lead` in the README's Quick start. */
function readmeCommands(lead: string): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1))
  const after = section.slice(section.indexOf(lead))
  const block = /```sh\n([\s\S]*?)```/.exec(after)
  if (!section.includes(lead) || !block) throw new Error(`The README's Quick start has no sh block after "${lead}".`)
  return block[1]!.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'))
}

const prefix = join(work.path, 'npm-prefix')
const home = join(work.path, 'media folder')
const env = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, HLS_STUDIO_DATA: join(work.path, 'data'), INIT_CWD: undefined })

/** Runs one README line through sh, in the person's own folder, until it ends. */
function typed(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd: home, env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A long-running README line (serve): runs it until it prints its login link, then Ctrl-C. */
function typedUntilLink(line: string): Promise<{ link: string; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `exec ${line}`], { cwd: home, env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`"${line}" printed no login link within 120 s; stdout:\n${stdout}\nstderr:\n${stderr}`))
    }, 120_000)
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      const link = /Open (http\S+)/.exec(stdout)?.[1]
      if (!link) return
      clearTimeout(timer)
      resolve({
        link,
        stop: () =>
          new Promise((done) => {
            child.once('close', (code) => done(code))
            child.kill('SIGINT')
          })
      })
    })
    child.once('close', (code) => reject(new Error(`"${line}" ended (code ${code}) before printing a login link; stderr:\n${stderr}`)))
  })
}

describe('the README quick start, from a folder outside the repository', () => {
  beforeAll(async () => {
    mkdirSync(home)
    await makeClip(home, 'my-video', { width: 320, height: 180, seconds: 2 })
    const link = spawnSync('npm', ['link', '--no-audit', '--no-fund'], { cwd: REPO, env: { ...process.env, npm_config_prefix: prefix }, encoding: 'utf8' })
    if (link.status !== 0) throw new Error(`npm link failed: ${link.stderr}`)
  })

  it('puts hls-studio on PATH with npm link, and every command of the quick start works verbatim', async () => {
    const lines = readmeCommands('Then, from any folder')
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['hls-studio --version', 'hls-studio encode', 'hls-studio serve'])
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string
    for (const line of lines) {
      if (line.startsWith('hls-studio serve')) {
        const serve = await typedUntilLink(line)
        // Stopped whatever the checks find, so a failure never leaves a studio on port 8686.
        try {
          // The token rides in the link's fragment, which a browser keeps to itself; the login
          // page posts it for a session, as done here, and the studio then opens.
          const link = new URL(serve.link)
          const token = new URLSearchParams(link.hash.slice(1)).get('token')
          const login = await fetch(`${link.origin}/api/session`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: link.origin },
            body: JSON.stringify({ token })
          })
          expect(login.status).toBe(200)
          const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
          const page = await fetch(`${link.origin}/`, { headers: { cookie, accept: 'text/html', 'sec-fetch-site': 'none' } })
          expect(page.status).toBe(200)
          expect(await page.text()).toContain('<div id="root">')
        } finally {
          expect(await serve.stop()).toBe(0)
        }
        continue
      }
      const run = await typed(line)
      expect({ line, code: run.code, stderr: run.stderr }).toMatchObject({ line, code: 0 })
      if (line.startsWith('hls-studio --version')) expect(run.stdout.trim()).toBe(version)
    }
    // The README says where the package lands: ./hls-out/my-video/<jobId>/ in the folder typed in.
    const jobs = readdirSync(join(home, 'hls-out', 'my-video'))
    expect(jobs).toHaveLength(1)
    expect(existsSync(join(home, 'hls-out', 'my-video', jobs[0]!, 'master.m3u8'))).toBe(true)
  })

  it('refuses the build folder as the output, where the next build would wipe the packages', async () => {
    const run = await typed(`hls-studio encode my-video.mp4 --out '${join(REPO, 'out', 'packages')}'`)
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe(
      `error: --out ${join(REPO, 'out', 'packages')}: that is inside the studio's build folder (${join(REPO, 'out')}), which the next build wipes; choose another folder, e.g. --out hls-out.`
    )
    expect(existsSync(join(REPO, 'out', 'packages'))).toBe(false)
  })
})
