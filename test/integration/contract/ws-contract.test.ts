/**
 * Every command of the contract, through the real WebSocket transport of `serve`, against a
 * real engine: real ffmpeg encodes, a real S3-protocol server (s3rver) for targets, the
 * renderer's own WebSocket client. Invalid input is tried for every command too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WebSocketStudioClient } from '../../../src/renderer/src/client/ws-client'
import { COMMAND_NAMES, type CommandInput, type CommandName, type CommandResult } from '../../../src/shared/contract'
import type { StudioErrorValue } from '../../../src/shared/errors'
import type { StudioEvent } from '../../../src/shared/events'
import { STUDIO_EVENT_TYPES } from '../../../src/shared/events'
import type { Job } from '../../../src/shared/job'
import { makeClip, seededBytes, SYSTEM_FFMPEG, SYSTEM_FFPROBE } from '../../helpers/media'
import { S3RVER_ACCESS_KEY_ID, startS3Server, type TestS3Server } from '../../helpers/s3-server'
import { authorized, connectClient, startTestServer, type TestServer } from '../../helpers/serve'

const PUBLIC_BUCKET = 'contract-public'
const PRIVATE_BUCKET = 'contract-private'
const SECRET = 'contract-secret-never-shown-9f3k'
const SMALL = { ladder: [240, 144], segmentSeconds: 2, preset: 'ultrafast' as const }

describe('the contract over WebSocket, against a real engine', () => {
  let s3: TestS3Server
  let t: TestServer
  let client: WebSocketStudioClient
  let bucket: S3Client
  let clipA: string
  let clipB: string
  const events: StudioEvent[] = []
  const answered = new Set<CommandName>()

  beforeAll(async () => {
    s3 = await startS3Server({ buckets: [PUBLIC_BUCKET, PRIVATE_BUCKET] })
    t = await startTestServer()
    client = connectClient(t.server)
    for (const type of STUDIO_EVENT_TYPES) client.on(type, (event) => events.push(event))
    clipA = await makeClip(t.workDir, 'Pilot Episode', { seconds: 3 })
    clipB = await makeClip(t.workDir, 'Secret Cut', { seconds: 3 })
    bucket = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'x' } })
  })
  afterAll(async () => {
    client?.close()
    bucket?.destroy()
    await t?.close()
    await s3?.close()
  })

  async function call<N extends CommandName>(name: N, ...input: undefined extends CommandInput<N> ? [CommandInput<N>?] : [CommandInput<N>]): Promise<CommandResult<N>> {
    const value = await client.invoke(name, ...input)
    answered.add(name)
    return value
  }

  async function refusal(name: string, input?: unknown): Promise<StudioErrorValue> {
    const error = await (client.invoke as (n: string, i?: unknown) => Promise<unknown>)(name, input).then(
      () => {
        throw new Error(`${name} was expected to fail`)
      },
      (e: unknown) => e as StudioErrorValue
    )
    if ((COMMAND_NAMES as string[]).includes(name) && error.code !== 'INVALID_INPUT') answered.add(name as CommandName)
    return { code: error.code, message: error.message }
  }

  /** Resolves with the first event (already seen or still to come) that matches. */
  function eventually(match: (event: StudioEvent) => boolean): Promise<StudioEvent> {
    const seen = events.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve) => {
      const stops = STUDIO_EVENT_TYPES.map((type) =>
        client.on(type, (event) => {
          if (!match(event)) return
          for (const stop of stops) stop()
          resolve(event)
        })
      )
    })
  }
  const ended = (jobId: string, type: 'job-completed' | 'job-failed' | 'job-cancelled', after = 0) =>
    eventually((e) => e.type === type && e.job.id === jobId && events.indexOf(e) >= after) as Promise<Extract<StudioEvent, { job: Job }>>

  it('answers UNKNOWN_COMMAND for names the contract lacks, and INVALID_INPUT for a wrong input to every command', async () => {
    for (const name of ['jobs.explode', 'constructor', '__proto__', '']) expect((await refusal(name, {})).code, name).toBe('UNKNOWN_COMMAND')
    for (const name of COMMAND_NAMES) {
      const error = await refusal(name, 42)
      expect(error.code, name).toBe('INVALID_INPUT')
      expect(error.message, name).toContain(name)
    }
    expect(await refusal('jobs.add', { sources: [] })).toEqual({ code: 'INVALID_INPUT', message: 'jobs.add: ✖ Give at least one file, folder or URL.\n  → at sources' })
    expect((await refusal('targets.save', { target: { name: 'x', provider: 'minio', bucket: 'Bad_Bucket', endpoint: s3.endpoint }, credentials: { accessKeyId: 'k', secretAccessKey: SECRET } })).message).toMatch(
      /✖ A bucket name[^\n]*\n  → at target\.bucket/
    )
    expect((await refusal('jobs.move', { id: 'job-1', toIndex: 0 })).message).toContain('✖ A job id looks like job-<uuid>.\n  → at id')
    // The engine is still there and well.
    expect((await call('queue.get')).paused).toBe(false)
  })

  it('app.info, settings and the encoder report', async () => {
    const info = await call('app.info')
    expect(info).toMatchObject({ mode: 'server', canUseLocalPaths: false, secretStorage: 'file-0600', dataDir: t.dataDir, outputDir: t.outputDir })
    expect(info.ffmpeg.version).toMatch(/ffmpeg version/)
    expect(info.ffmpeg.problem).toBeUndefined()

    const defaults = await call('settings.get')
    expect(defaults).toMatchObject({ outputDir: t.outputDir, concurrency: 1, ffmpeg: { mode: 'bundled' } })
    const updated = await call('settings.update', { concurrency: 2, encode: { ...defaults.encode, ...SMALL } })
    expect(updated.concurrency).toBe(2)
    expect((await call('queue.get')).concurrency).toBe(2)
    expect(JSON.parse(readFileSync(join(t.dataDir, 'settings.json'), 'utf8'))).toMatchObject({ concurrency: 2, encode: { ladder: [240, 144] } })
    expect((await refusal('settings.update', { concurrency: 99 })).code).toBe('INVALID_INPUT')
    // From a browser, ffmpeg is the command line's choice: Settings show it read-only, with the reason.
    expect(info.ffmpegLockedReason).toContain('--ffmpeg')
    const locked = await refusal('settings.update', { ffmpeg: { mode: 'custom', ffmpegPath: SYSTEM_FFMPEG, ffprobePath: SYSTEM_FFPROBE } })
    expect(locked).toMatchObject({ code: 'UNSUPPORTED', message: info.ffmpegLockedReason })
    expect((await call('settings.get')).ffmpeg).toEqual({ mode: 'bundled' })
    // Saving the choice already in force (a whole Settings form) is no change, and passes.
    expect((await call('settings.update', { ffmpeg: { mode: 'bundled' } })).ffmpeg).toEqual({ mode: 'bundled' })
    expect((await refusal('settings.update', { defaultTarget: 'nope' })).code).toBe('NOT_FOUND')

    const report = await call('encoders.report')
    expect(report.encoders.find((e) => e.name === 'libx264')).toMatchObject({ kind: 'software', usable: true })
    expect(report.autoChoice).not.toBe('none')
  })

  it('targets: saved without their secret, tested, CORS applied, removed', async () => {
    const saved = await call('targets.save', {
      target: { name: 'public', provider: 'minio', endpoint: s3.endpoint, bucket: PUBLIC_BUCKET },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: SECRET }
    })
    expect(saved).toMatchObject({ name: 'public', pathStyle: true, visibility: 'public' })
    // The secret for the wrong bucket first: job B fails at upload, then the target is fixed.
    await call('targets.save', {
      target: { name: 'vault', provider: 'minio', endpoint: s3.endpoint, bucket: 'no-such-bucket', visibility: 'private' },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: SECRET }
    })
    expect((await call('targets.list')).map((target) => target.name)).toEqual(['public', 'vault'])
    expect(JSON.stringify(await call('targets.list'))).not.toContain(SECRET)
    expect(readFileSync(join(t.dataDir, 'targets.json'), 'utf8')).not.toContain(SECRET)

    const test = await call('targets.test', { name: 'public' })
    expect(test.ok).toBe(true)
    expect(test.cors?.allowsPlayback).toBe(false)
    const cors = await call('targets.applyCors', { name: 'public' })
    expect(cors.allowsPlayback).toBe(true)
    const broken = await call('targets.test', { name: 'vault' })
    expect(broken.ok).toBe(false)
    expect(broken.checks.find((c) => !c.ok)?.name).toBe('bucket')

    await call('targets.save', { target: { name: 'doomed', provider: 'minio', endpoint: s3.endpoint, bucket: PUBLIC_BUCKET }, credentials: { accessKeyId: 'k', secretAccessKey: 's' } })
    await call('settings.update', { defaultTarget: 'doomed' })
    expect(await call('targets.remove', { name: 'doomed' })).toEqual({ removed: 'doomed' })
    expect((await call('settings.get')).defaultTarget).toBeUndefined()
    expect((await refusal('targets.remove', { name: 'doomed' })).code).toBe('NOT_FOUND')
  })

  let jobA: Job
  let jobB: Job

  it('jobs.add queues drops with Settings’ defaults; events report every step; a publish lands in the bucket', async () => {
    await call('settings.update', { defaultTarget: 'public' })
    const added = await call('jobs.add', { sources: [clipA] })
    expect(added.created).toHaveLength(1)
    jobA = added.created[0]!
    expect(jobA).toMatchObject({ target: 'public', outputDir: t.outputDir, settings: { ladder: [240, 144], segmentSeconds: 2 } })
    const addedB = await call('jobs.add', { sources: [clipB], target: 'vault', title: 'Secret Cut' })
    jobB = addedB.created[0]!
    writeFileSync(join(t.workDir, 'notes.txt'), 'not media')
    const refusedNotes = await call('jobs.add', { sources: [join(t.workDir, 'notes.txt')], target: null })
    expect(refusedNotes).toMatchObject({ created: [], skipped: [{ path: join(t.workDir, 'notes.txt'), reason: 'it is a text file, not video or audio' }] })
    // Bytes no signature names, under a video's name: ffprobe is the one to say it is not media.
    writeFileSync(join(t.workDir, 'noise.mp4'), seededBytes(64 * 1024, 7))
    const notMedia = (await call('jobs.add', { sources: [join(t.workDir, 'noise.mp4')], target: null })).created[0]!
    expect(notMedia.target).toBeUndefined()

    const completed = await ended(jobA.id, 'job-completed')
    expect(completed.job.outputs?.published).toMatchObject({ target: 'public', keyPrefix: `${jobA.slug}/${jobA.id}` })
    // Events are the engine's own records, unchanged by the trip.
    expect(completed.job).toEqual(await call('jobs.get', { id: jobA.id }))
    const statuses = events.filter((e): e is Extract<StudioEvent, { job: Job }> => 'job' in e && e.job.id === jobA.id).map((e) => e.job.status)
    expect(statuses).toEqual(expect.arrayContaining(['QUEUED', 'PROBING', 'ENCODING', 'UPLOADING', 'COMPLETED']))
    expect(events.some((e) => e.type === 'job-created' && e.job.id === jobA.id)).toBe(true)
    expect(events.some((e) => e.type === 'queue-changed')).toBe(true)
    const listed = await bucket.send(new ListObjectsV2Command({ Bucket: PUBLIC_BUCKET, Prefix: `${jobA.slug}/${jobA.id}/` }))
    expect(listed.Contents?.some((o) => o.Key?.endsWith('master.m3u8'))).toBe(true)

    const refused = await ended(notMedia.id, 'job-failed')
    expect(refused.job.error?.code).toMatch(/NOT_MEDIA|TRUNCATED/)
    expect(refused.job.error?.message).toContain('noise.mp4')

    const failed = await ended(jobB.id, 'job-failed')
    expect(failed.job.error?.code).toBe('STORAGE_BUCKET')
    expect(JSON.stringify(failed.job)).not.toContain(SECRET)

    const log = await call('jobs.log', { id: jobA.id, tail: 500 })
    expect(log.some((line) => line.includes('ffmpeg'))).toBe(true)
    expect((await call('jobs.log', { id: jobA.id, tail: 2 })).length).toBeLessThanOrEqual(2)
    expect((await call('jobs.list')).map((j) => j.id)).toEqual(expect.arrayContaining([jobA.id, jobB.id]))
    const batches = await call('batches.list')
    expect(batches.find((b) => b.batchId === jobA.batchId)).toMatchObject({ total: 1, completed: 1, summary: '1 of 1' })
  })

  it('jobs.retryUpload publishes a failed upload again without encoding again', async () => {
    await call('targets.save', {
      target: { name: 'vault', provider: 'minio', endpoint: s3.endpoint, bucket: PRIVATE_BUCKET, visibility: 'private' },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: SECRET }
    })
    const mark = events.length
    await call('jobs.retryUpload', { id: jobB.id })
    const done = await ended(jobB.id, 'job-completed', mark)
    expect(done.job.outputs?.published?.target).toBe('vault')
    const after = events.slice(mark).filter((e): e is Extract<StudioEvent, { job: Job }> => 'job' in e && e.job.id === jobB.id).map((e) => e.job.status)
    expect(after).toContain('UPLOADING')
    expect(after).not.toContain('ENCODING')
    expect((await refusal('jobs.retryUpload', { id: jobA.id })).code).toBe('INVALID_TRANSITION')
  })

  it('the Library, local and published playback, and share links', async () => {
    const collections = await call('library.list')
    const items = collections.flatMap((c) => c.items)
    const a = items.find((i) => i.jobId === jobA.id)!
    expect(a).toMatchObject({ slug: jobA.slug, kind: 'video', visibility: 'public', local: { baseUrl: `/media/${jobA.id}` } })
    expect(a.thumbnails.poster).toBeDefined()
    expect(items.find((i) => i.jobId === jobB.id)?.visibility).toBe('private')

    const local = await call('playback.source', { id: jobA.id, from: 'local' })
    expect(local).toMatchObject({ origin: 'local', url: `/media/${jobA.id}/master.m3u8` })
    const master = await fetch(`${t.server.url}${local.url}`, authorized(t.server))
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    const firstVariant = (await master.text()).split('\n').find((l) => l.endsWith('.m3u8'))!
    expect((await fetch(`${t.server.url}${local.baseUrl}${firstVariant}`, authorized(t.server))).status).toBe(200)
    const poster = await fetch(`${t.server.url}${a.local!.baseUrl}/${a.thumbnails.poster}`, authorized(t.server))
    expect(poster.headers.get('content-type')).toBe('image/jpeg')

    const published = await call('playback.source', { id: jobA.id, from: 'remote' })
    expect(published).toMatchObject({ origin: 'public', url: `${s3.endpoint}/${PUBLIC_BUCKET}/${jobA.slug}/${jobA.id}/master.m3u8` })

    // Private: through the engine's playback proxy, relayed by serve so a browser on another machine reaches it too.
    const proxied = await call('playback.source', { id: jobB.id, from: 'remote' })
    expect(proxied.origin).toBe('proxy')
    expect(proxied.url).toMatch(/^\/api\/playback\//)
    expect((await fetch(`${t.server.url}${proxied.url}`)).status).toBe(401)
    const proxiedMaster = await (await fetch(`${t.server.url}${proxied.url}`, authorized(t.server))).text()
    const variantUrl = proxiedMaster.split('\n').find((l) => l.endsWith('.m3u8'))!
    expect(variantUrl).toMatch(/^\/api\/playback\//)
    const variant = await (await fetch(`${t.server.url}${variantUrl}`, authorized(t.server))).text()
    const segmentUrl = variant.split('\n').find((l) => l.startsWith('http'))!
    expect(segmentUrl).toContain('X-Amz-Signature=')
    expect((await fetch(segmentUrl)).status).toBe(200)

    const shared = await call('share.create', { id: jobB.id, expiresInSeconds: 3600 })
    expect(shared).toMatchObject({ origin: 'share' })
    expect(shared.url).toContain('X-Amz-Signature=')
    expect(Date.parse(shared.expiresAt!)).toBeGreaterThan(Date.now())
    expect(await (await fetch(shared.url)).text()).toContain('#EXTM3U')
    expect((await refusal('share.create', { id: jobA.id, expiresInSeconds: 10 })).code).toBe('INVALID_INPUT')

    // Delete A everywhere: the bucket prefix empties, the folder goes, the job is forgotten.
    expect(await call('library.delete', { id: jobA.id, local: true, remote: true })).toEqual({ deleted: jobA.id })
    const left = await bucket.send(new ListObjectsV2Command({ Bucket: PUBLIC_BUCKET, Prefix: `${jobA.slug}/${jobA.id}/` }))
    expect(left.Contents ?? []).toEqual([])
    expect(existsSync(jobA.outputs?.dir ?? join(t.outputDir, jobA.slug, jobA.id))).toBe(false)
    expect((await refusal('jobs.get', { id: jobA.id })).code).toBe('NOT_FOUND')
    // Delete B's local copy only: it stays in the Library as a published package.
    await call('library.delete', { id: jobB.id, local: true, remote: false })
    const b = (await call('library.list')).flatMap((c) => c.items).find((i) => i.jobId === jobB.id)
    expect(b?.local).toBeUndefined()
    expect(b?.published?.target).toBe('vault')
    expect((await refusal('playback.source', { id: jobB.id, from: 'local' })).code).toBe('FILE_NOT_FOUND')
  })

  it('the queue: pause, order, move, cancel, retry and remove', async () => {
    await call('queue.pause')
    const added = await call('jobs.add', { sources: [clipA, clipB], force: true, target: null })
    const [first, second] = added.created as [Job, Job]
    expect((await call('queue.get')).order.slice(-2)).toEqual([first.id, second.id])
    const moved = await call('jobs.move', { id: second.id, toIndex: 0 })
    expect(moved.order.indexOf(second.id)).toBeLessThan(moved.order.indexOf(first.id))
    expect((await call('jobs.cancel', { id: first.id })).status).toBe('CANCELLED')
    expect((await refusal('jobs.cancel', { id: first.id })).code).toBe('INVALID_TRANSITION')
    expect((await call('jobs.retry', { id: first.id })).status).toBe('QUEUED')
    expect(await call('jobs.remove', { id: first.id })).toEqual({ removed: first.id })
    expect(await call('jobs.remove', { id: second.id, deleteOutputs: true })).toEqual({ removed: second.id })
    expect(events.some((e) => e.type === 'job-removed' && e.jobId === first.id)).toBe(true)
    expect((await call('queue.resume')).paused).toBe(false)
  })

  it('watch folders', async () => {
    const folder = join(t.workDir, 'drop-here')
    mkdirSync(folder)
    const watched = await call('watch.add', { path: folder, includeExisting: false })
    expect(watched).toMatchObject({ path: folder, outputDir: t.outputDir })
    expect((await call('watch.list')).map((f) => f.path)).toEqual([folder])
    expect(await call('watch.remove', { path: folder })).toEqual({ removed: folder })
    expect((await refusal('watch.remove', { path: folder })).code).toBe('NOT_FOUND')
    expect((await refusal('watch.add', { path: join(t.workDir, 'missing') })).code).toBe('INVALID_INPUT')
  })

  it('API tokens and webhooks (Settings → Automation)', async () => {
    const made = await call('apiTokens.add', { name: 'page-made' })
    expect(made.token).toMatch(/^hls_/)
    expect(await call('apiTokens.list')).toEqual([{ name: 'page-made', createdAt: expect.any(String) }])
    expect((await refusal('apiTokens.add', { name: 'page-made' })).message).toContain('already exists')
    expect(await call('apiTokens.revoke', { name: 'page-made' })).toEqual({ revoked: 'page-made' })
    expect((await refusal('apiTokens.revoke', { name: 'page-made' })).code).toBe('NOT_FOUND')
    // serve's page is confined: a webhook on loopback is refused as a URL source would be.
    expect((await refusal('webhooks.add', { url: 'http://127.0.0.1:9/hook' })).message).toContain('loopback, private or link-local')
    expect(await call('webhooks.list')).toEqual([])
    // A public address (literal: no DNS needed) is taken; nothing is sent until an event.
    const hook = await call('webhooks.add', { url: 'https://93.184.215.14/hook', events: ['job-failed'] })
    expect(hook.secret).toMatch(/^whsec_/)
    expect(await call('webhooks.list')).toEqual([{ id: hook.id, url: 'https://93.184.215.14/hook', events: ['job-failed'], createdAt: expect.any(String) }])
    expect(await call('webhooks.remove', { id: hook.id })).toEqual({ removed: hook.id })
    expect((await refusal('webhooks.remove', { id: hook.id })).code).toBe('NOT_FOUND')
  })

  it('Settings → Workers without Redis: nothing coordinates, a URL is saved for the next start, and tested', async () => {
    expect(await call('workers.status')).toEqual({ saved: { hasPassword: false }, seen: [] })
    expect(await call('workers.testRedis')).toEqual({ ok: false, detail: 'No Redis URL is set: type one, e.g. redis://studio-pc:6379.' })
    expect((await refusal('workers.saveRedis', { url: 'http://studio-pc:6379' })).message).toBe('A Redis URL starts with redis:// or rediss://, not http://.')
    // Port 1 on loopback: nothing listens there.
    expect(await call('workers.saveRedis', { url: 'redis://127.0.0.1:1', password: 'kept-elsewhere' })).toEqual({ saved: { url: 'redis://127.0.0.1:1', hasPassword: true }, seen: [] })
    const test = await call('workers.testRedis')
    expect(test).toEqual({ ok: false, detail: 'nothing answers at redis://:***@127.0.0.1:1: is redis-server running there, and listening on that address (bind, protected-mode)?' })
    expect((await call('settings.get')).redisUrl).toBe('redis://127.0.0.1:1')
    expect(await call('workers.saveRedis', { url: null })).toEqual({ saved: { hasPassword: false }, seen: [] })
  })

  it('desktop-only commands answer UNSUPPORTED in a browser', async () => {
    for (const [name, input] of [
      ['dialog.pickSources', { kind: 'files' }],
      ['dialog.pickFolder', {}],
      ['shell.reveal', { id: jobB.id }],
      ['shell.openExternal', { url: 'https://example.com/' }]
    ] as const) {
      const error = await refusal(name, input)
      expect(error.code, name).toBe('UNSUPPORTED')
      expect(error.message).toContain('desktop app')
    }
  })

  it('answered every command of the contract', () => {
    expect([...answered].sort()).toEqual([...COMMAND_NAMES].sort())
  })
})
