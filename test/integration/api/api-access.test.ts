/**
 * Who may use /api/v1 on a real serve: the serve token and API tokens (made and revoked with
 * the real `hls-studio tokens` command) as Bearer; never a token from a cookie or a query
 * string but on the event stream; never the page's session from another origin.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '../../helpers/api-client'
import { runStudio } from '../../helpers/cli'
import { browserSession, startTestServer, type TestServer } from '../../helpers/serve'

describe('/api/v1 access', () => {
  let t: TestServer
  let apiToken: string
  beforeAll(async () => {
    t = await startTestServer()
    const made = await runStudio(['--data-dir', t.dataDir, 'tokens', 'add', 'nas'], { timeoutMs: 60_000 })
    expect(made.code, made.stderr).toBe(0)
    apiToken = made.stdout.trim()
    expect(made.stderr).toContain('not shown again')
  }, 90_000)
  afterAll(async () => {
    await t?.close()
  })

  it('refuses no token and a wrong one with 401 and the error shape', async () => {
    for (const token of [undefined, 'hls_not-a-real-token', 'wrong-serve-token-0123456789']) {
      const answer = await callApi(t.server.url, token, 'GET', '/jobs')
      expect(answer.status).toBe(401)
      expect(answer.body.error).toMatchObject({ code: 'UNAUTHORIZED' })
      expect(answer.body.error.message).toContain('Bearer')
    }
  })

  it('takes the serve token and an API token as Bearer, and keeps only the API token’s hash', async () => {
    expect((await callApi(t.server.url, t.server.token, 'GET', '/jobs')).status).toBe(200)
    expect((await callApi(t.server.url, apiToken, 'GET', '/jobs')).body).toEqual({ jobs: [], nextCursor: null })
    const stored = readFileSync(join(t.dataDir, 'api-tokens.json'), 'utf8')
    expect(stored).toContain('"name": "nas"')
    expect(stored).not.toContain(apiToken)
    const listed = await runStudio(['--data-dir', t.dataDir, 'tokens', 'list', '--json'], { timeoutMs: 60_000 })
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'nas', createdAt: expect.any(String) }])
  })

  it('never takes a token from a query string or a cookie, except ?access_token= on the event stream', async () => {
    expect((await fetch(`${t.server.url}/api/v1/jobs?access_token=${apiToken}`)).status).toBe(401)
    expect((await fetch(`${t.server.url}/api/v1/jobs`, { headers: { cookie: `access_token=${apiToken}; token=${apiToken}` } })).status).toBe(401)
    // Outside the API (the studio's own routes) an API token opens nothing.
    expect((await fetch(`${t.server.url}/api/health`, { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(401)
    const stream = await fetch(`${t.server.url}/api/v1/events?access_token=${apiToken}`)
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    const reader = stream.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    expect(first).toContain('event: connected')
    await reader.cancel()
  })

  it('takes the page’s session for a change from its own origin only', async () => {
    const session = await browserSession(t.server)
    const own = await callApi(t.server.url, undefined, 'POST', '/jobs', { url: 'https://example.invalid/a.mp4' }, session)
    // Past the guard: refused by the engine (an address it may not reach), not for want of a token.
    expect(own.status).not.toBe(401)
    expect(own.status).not.toBe(403)
    const foreign = await callApi(t.server.url, undefined, 'POST', '/jobs', { url: 'https://example.invalid/a.mp4' }, { ...session, Origin: 'http://127.0.0.1:1' })
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.code).toBe('FORBIDDEN')
    const noOrigin = await callApi(t.server.url, undefined, 'POST', '/jobs', { url: 'https://example.invalid/a.mp4' }, { Cookie: session.Cookie! })
    expect(noOrigin.status).toBe(403)
  })

  it('refuses a revoked token from the next request on', async () => {
    const revoked = await runStudio(['--data-dir', t.dataDir, 'tokens', 'revoke', 'nas'], { timeoutMs: 60_000 })
    expect(revoked.code, revoked.stderr).toBe(0)
    const answer = await callApi(t.server.url, apiToken, 'GET', '/jobs')
    expect(answer.status).toBe(401)
    expect((await fetch(`${t.server.url}/api/v1/events?access_token=${apiToken}`)).status).toBe(401)
    const again = await runStudio(['--data-dir', t.dataDir, 'tokens', 'revoke', 'nas'], { timeoutMs: 60_000 })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('There is no API token named nas')
  })
})
