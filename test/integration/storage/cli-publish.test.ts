/**
 * The command line end to end, as a person runs it: targets added with secrets from stdin
 * and env, `encode … --upload lab` through the queue against a faulty, signature-checking
 * S3 endpoint, then `publish`, `share` and `targets remove`. Secrets never show up in any
 * output, job record or log.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import * as HLS from 'hls-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Job, PackageManifest } from '../../../src/shared/job'
import { REPO, runStudio, type CliRun } from '../../helpers/cli'
import { makeClip } from '../../helpers/media'
import { S3RVER_ACCESS_KEY_ID } from '../../helpers/s3-server'
import { LAB_BUCKET, LAB_SECRET, startStorageLab, type StorageLab } from '../../helpers/storage-lab'

/** Every file under a folder, for checking no secret was written anywhere but the secret file. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
}

describe('hls-studio targets, encode --upload, publish and share', () => {
  let lab: StorageLab
  let outputs: CliRun[] = []
  const studio = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> => {
    const run = await runStudio(['--data-dir', lab.dataDir, ...args], { env })
    outputs.push(run)
    return run
  }

  beforeAll(async () => {
    // Faults hit the studio's own requests; the test's fetches of presigned URLs play a
    // player that does not retry, so they go through untouched.
    lab = await startStorageLab({ faults: { slowDownRate: 0.15, resetRate: 0.1, seed: 11, applies: (r) => !r.query.has('X-Amz-Signature') } })
  })
  afterAll(async () => lab?.close())

  it('adds a target with the secret piped on stdin, and another from an env var', () => {
    const cli = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    // Only this step runs synchronously: it touches no server, and needs stdin.
    const add = spawnSync(
      process.execPath,
      [cli, '--tsconfig', join(REPO, 'tsconfig.node.json'), join(REPO, 'src/main/cli/index.ts'), '--data-dir', lab.dataDir, 'targets', 'add', 'lab', '--provider', 'minio', '--endpoint', lab.proxy.endpoint, '--bucket', LAB_BUCKET, '--access-key-id', S3RVER_ACCESS_KEY_ID, '--secret-stdin'],
      { input: `${LAB_SECRET}\n`, encoding: 'utf8', cwd: REPO }
    )
    outputs.push({ code: add.status, signal: add.signal, stdout: add.stdout, stderr: add.stderr, events: [] })
    expect(add.status, add.stderr).toBe(0)
    expect(add.stdout).toMatch(/Saved target "lab"/)
    expect(statSync(join(lab.dataDir, 'secrets.json')).mode & 0o777).toBe(0o600)
  })

  it('adds a private target from --secret-env, lists both without secrets, and tests them', async () => {
    const added = await studio(
      ['targets', 'add', 'vault', '--provider', 'other', '--endpoint', lab.proxy.endpoint, '--bucket', LAB_BUCKET, '--path-style', '--private', '--prefix', 'private/{date}/{slug}-{jobId}', '--access-key-id', S3RVER_ACCESS_KEY_ID, '--secret-env', 'VAULT_SECRET'],
      { VAULT_SECRET: LAB_SECRET }
    )
    expect(added.code, added.stderr).toBe(0)
    const listed = await studio(['targets', 'list', '--json'])
    const targets = JSON.parse(listed.stdout) as Array<{ name: string; visibility: string }>
    expect(targets.map((t) => [t.name, t.visibility])).toEqual([
      ['lab', 'public'],
      ['vault', 'private']
    ])
    const tested = await studio(['targets', 'test', 'lab'])
    expect(tested.code, tested.stdout + tested.stderr).toBe(0)
    expect(tested.stdout).toMatch(/✓ write/)
    const missing = await studio(['targets', 'add', 'x', '--provider', 'r2', '--bucket', LAB_BUCKET, '--access-key-id', 'A', '--secret-env', 'NOT_SET_ANYWHERE'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/NOT_SET_ANYWHERE is empty or not set/)
  })

  it('encode --upload lab publishes every object intact, verified, in order, with the right headers', async () => {
    const clip = await makeClip(lab.workDir, 'Lab Upload', { width: 640, height: 360, seconds: 6 })
    const out = join(lab.workDir, 'out')
    const run = await studio(['encode', clip, '--out', out, '--upload', 'lab', '--json', '--segment-seconds', '2', '--ladder', '360,240'])
    expect(run.code, run.stderr).toBe(0)
    const completed = run.events.find((e) => e.event === 'job-completed' || e.type === 'job-completed')
    expect(completed, run.stdout).toBeDefined()
    const jobs = JSON.parse((await studio(['jobs', '--json'])).stdout) as { jobs: Job[] }
    const job = jobs.jobs.find((j) => j.status === 'COMPLETED' && j.target === 'lab')!
    const published = job.outputs!.published!
    expect(published).toMatchObject({ target: 'lab', keyPrefix: `lab-upload/${job.id}`, publicUrl: `${lab.proxy.endpoint}/${LAB_BUCKET}/lab-upload/${job.id}/master.m3u8` })

    const manifest = JSON.parse(readFileSync(job.outputs!.manifest, 'utf8')) as PackageManifest
    const files = [...manifest.files.map((f) => f.path), 'job.json']
    expect(published.objectCount).toBe(files.length)
    for (const path of files) {
      const remote = await lab.readObject(`${published.keyPrefix}/${path}`)
      expect(remote.equals(readFileSync(join(job.outputs!.dir, ...path.split('/')))), path).toBe(true)
    }
    const faults = lab.proxy.requests.filter((r) => r.key?.startsWith(published.keyPrefix) && (r.fault === 'slowdown' || r.fault === 'reset'))
    expect(faults.length).toBeGreaterThan(0)

    const masterKey = `${published.keyPrefix}/master.m3u8`
    const masterFirstSent = Math.min(...lab.proxy.requests.filter((r) => r.key === masterKey && r.method === 'PUT').map((r) => r.startSeq))
    const lastOtherStored = Math.max(
      ...lab.proxy.requests.filter((r) => r.key?.startsWith(`${published.keyPrefix}/`) && r.key !== masterKey && r.method === 'PUT' && r.status === 200).map((r) => r.endSeq!)
    )
    expect(lastOtherStored).toBeLessThan(masterFirstSent)

    const head = (path: string) => lab.direct.send(new HeadObjectCommand({ Bucket: LAB_BUCKET, Key: `${published.keyPrefix}/${path}` }))
    expect((await head('master.m3u8')).ContentType).toBe('application/vnd.apple.mpegurl')
    const segment = manifest.files.find((f) => f.kind === 'segment')!
    expect(await head(segment.path)).toMatchObject({ ContentType: 'video/mp2t', CacheControl: 'public, max-age=31536000, immutable' })

    const share = await studio(['share', job.id, '--expires', '3d'])
    expect(share.code, share.stderr).toBe(0)
    await expectPlayable(share.stdout.trim())
  })

  it('publish <folder> --upload vault, then share it from the folder', async () => {
    const out = join(lab.workDir, 'out')
    const slugDir = join(out, 'lab-upload')
    const packageDir = join(slugDir, readdirSync(slugDir).find((d) => !d.endsWith('.partial'))!)
    const run = await studio(['publish', packageDir, '--upload', 'vault'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/published +\d+ objects .* to "vault" under private\/\d{4}-\d{2}-\d{2}\/lab-upload-job-[0-9a-f-]+\/, verified/)
    expect(run.stdout).toMatch(/private +play it with/)
    const again = await studio(['publish', packageDir, '--upload', 'vault', '--json'])
    expect(again.code).toBe(0)
    expect(again.events.at(-1)).toMatchObject({ type: 'published', target: 'vault' })
    const share = await studio(['share', packageDir, '--target', 'vault', '--expires', '2h', '--json'])
    expect(share.code, share.stderr).toBe(0)
    const link = JSON.parse(share.stdout) as { url: string; expiresAt: string }
    expect(new URL(link.url).searchParams.get('X-Amz-Expires')).toBe('7200')
    await expectPlayable(link.url)
    const tooLong = await studio(['share', packageDir, '--target', 'vault', '--expires', '8d'])
    expect(tooLong.code).toBe(2)
    expect(tooLong.stderr).toMatch(/at most 7 days/)
  })

  it('removes a target, and never wrote a secret anywhere but the secret file', async () => {
    const removed = await studio(['targets', 'remove', 'vault'])
    expect(removed.code).toBe(0)
    expect(JSON.parse((await studio(['targets', 'list', '--json'])).stdout)).toHaveLength(1)
    const printed = outputs.map((o) => o.stdout + o.stderr).join('\n')
    expect(printed).not.toContain(LAB_SECRET)
    for (const file of filesUnder(lab.dataDir).filter((f) => !f.endsWith('secrets.json'))) {
      expect(readFileSync(file, 'utf8'), file).not.toContain(LAB_SECRET)
    }
    expect(readFileSync(join(lab.dataDir, 'secrets.json'), 'utf8')).toContain(LAB_SECRET)
  })
})

/** Master → media playlists → every segment, as a player fetches a share link. */
async function expectPlayable(masterUrl: string): Promise<void> {
  const master = HLS.parse(await (await fetch(masterUrl)).text()) as HLS.types.MasterPlaylist
  expect(master.variants.length).toBeGreaterThan(0)
  for (const variant of master.variants) {
    const media = HLS.parse(await (await fetch(variant.uri)).text()) as HLS.types.MediaPlaylist
    expect(media.segments.length).toBeGreaterThan(0)
    for (const segment of media.segments) expect((await fetch(segment.uri)).status).toBe(200)
  }
}
