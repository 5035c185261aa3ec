/** POST /api/v1/uploads on a real serve: multipart with a subtitle file to a playable package, and the limits of the raw upload. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeClip } from '../../helpers/media'
import { startTestServer, type TestServer } from '../../helpers/serve'
import { waitUntil } from '../../helpers/wait'

const SRT = '1\n00:00:00,000 --> 00:00:01,500\nBonjour à tous\n\n2\n00:00:01,500 --> 00:00:02,900\nOn commence\n'
const MAX_BYTES = 2 * 1024 * 1024

describe('POST /api/v1/uploads', () => {
  let t: TestServer
  let clip: Buffer
  const post = (form: FormData, token = t.server.token) => fetch(`${t.server.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const uploadsLeft = () => readdirSync(join(t.dataDir, 'uploads'))

  beforeAll(async () => {
    t = await startTestServer({ uploads: { maxBytes: MAX_BYTES } })
    clip = readFileSync(await makeClip(t.workDir, 'talk', { seconds: 3 }))
    expect(clip.length).toBeLessThan(MAX_BYTES)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('encodes an uploaded file with its subtitles as a rendition', async () => {
    const form = new FormData()
    form.set('title', 'Conférence 2026')
    form.set('settings', JSON.stringify({ ladder: [144], images: false, segmentSeconds: 1 }))
    form.set('subtitleLanguage', 'fr')
    form.set('file', new Blob([new Uint8Array(clip)], { type: 'video/mp4' }), 'talk.mp4')
    form.set('subtitles', new Blob([SRT], { type: 'application/x-subrip' }), 'talk.srt')
    const answer = await post(form)
    const job = await answer.json()
    expect(answer.status, JSON.stringify(job)).toBe(201)
    expect(job).toMatchObject({ slug: 'conference-2026', title: 'Conférence 2026', source: { kind: 'file' } })
    await waitUntil('the uploaded job to complete', async () => {
      const status = await fetch(job.statusUrl, { headers: { authorization: `Bearer ${t.server.token}` } })
      const body = await status.json()
      if (body.jobStatus === 'FAILED') throw new Error(JSON.stringify(body.error))
      return body.jobStatus === 'COMPLETED'
    }, { timeoutMs: 120_000 })
    const master = await (await fetch(`${t.server.url}/media/${job.jobId}/master.m3u8`, { headers: { authorization: `Bearer ${t.server.token}` } })).text()
    expect(master).toMatch(/#EXT-X-MEDIA:TYPE=SUBTITLES.*LANGUAGE="fr"/)
  })

  it('refuses an upload past --max-upload-bytes with 413 and keeps nothing of it', async () => {
    const before = uploadsLeft()
    // Refused from its declared length, and (just past the limit, within the form's slack) while it streams.
    for (const size of [MAX_BYTES + 4 * 1024 * 1024, MAX_BYTES + 1]) {
      const form = new FormData()
      form.set('file', new Blob([Buffer.alloc(size, 7)]), 'huge.mp4')
      const answer = await post(form)
      expect(answer.status).toBe(413)
      const body = await answer.json()
      expect(body.error.code).toBe('PAYLOAD_TOO_LARGE')
      expect(body.error.message).toContain('--max-upload-bytes')
    }
    // Only folders this test made count: the first test's upload goes too, whenever the sweeper
    // sees its job completed, which may be after `before` was read.
    await waitUntil('the refused uploads’ folders to be removed', () => uploadsLeft().every((name) => before.includes(name)))
    expect((await (await fetch(`${t.server.url}/api/v1/jobs`, { headers: { authorization: `Bearer ${t.server.token}` } })).json()).jobs.map((j: { title: string }) => j.title)).not.toContain('huge')
  })

  it('refuses a form without a file, bad settings, and a body that is not multipart', async () => {
    const empty = new FormData()
    empty.set('title', 'Nothing')
    const none = await post(empty)
    expect(none.status).toBe(400)
    expect((await none.json()).error.message).toContain('field "file"')
    const bad = new FormData()
    bad.set('settings', '{ladder')
    bad.set('file', new Blob([new Uint8Array(clip)]), 'talk.mp4')
    const badAnswer = await post(bad)
    expect(badAnswer.status).toBe(400)
    expect((await badAnswer.json()).error.message).toContain('settings: must be a JSON object')
    const raw = await fetch(`${t.server.url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${t.server.token}`, 'content-type': 'application/json' }, body: '{}' })
    expect(raw.status).toBe(400)
    expect((await raw.json()).error.message).toContain('multipart/form-data')
    expect((await post(empty, 'hls_wrong')).status).toBe(401)
  })
})
