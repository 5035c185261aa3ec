/** The OpenAPI document of a real serve, checked by a real validator, and the docs page written from it. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import SwaggerParser from '@apidevtools/swagger-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi } from '../../helpers/api-client'
import { startTestServer, type TestServer } from '../../helpers/serve'

describe('GET /api/v1/openapi.json', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('validates as OpenAPI 3.1 and documents every route the server registered', async () => {
    const { status, body } = await callApi(t.server.url, t.server.token, 'GET', '/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    // validate() throws with the list of problems; it also resolves every $ref.
    const checked = await SwaggerParser.validate(structuredClone(body))
    expect(Object.keys(checked.paths ?? {})).toContain('/api/v1/jobs/{id}')
    const documented = Object.entries(body.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
    const registered = t.server.api.routes.map((r) => `${r.method} /api/v1${r.path}`)
    expect(documented.sort()).toEqual(registered.sort())
    expect(body.components.schemas.Job.properties.jobStatus.enum).toContain('COMPLETED')
    expect(body.components.schemas.CreateJobInput.properties.url).toBeDefined()
  })

  it('refuses a document that breaks the rules (the validator is not a rubber stamp)', async () => {
    const { body } = await callApi(t.server.url, t.server.token, 'GET', '/openapi.json')
    const broken = structuredClone(body)
    broken.paths['/api/v1/jobs/{id}'].get.parameters[0].in = 'body'
    await expect(SwaggerParser.validate(broken)).rejects.toThrow()
    const unnamed = structuredClone(body)
    delete unnamed.info.title
    await expect(SwaggerParser.validate(unnamed)).rejects.toThrow(/title/)
  })

  it('has every route called by a test of this folder (the issue asks for it; a new route without a test fails here)', () => {
    const dir = import.meta.dirname
    const sources = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(join(dir, f), 'utf8'))
    // The README's examples count: readme-examples.test.ts runs them.
    const readme = readFileSync(join(dir, '..', '..', '..', 'README.md'), 'utf8')
    sources.push(/<!-- http-api-examples -->\n```sh\n([\s\S]*?)```/.exec(readme)![1]!)
    const uncalled = t.server.api.routes.filter((route) => {
      // `/jobs/{id}/cancel` as a test writes it: /jobs/${id}/cancel, /jobs/$JOB/cancel …
      const path = route.path.replace(/\{\w+\}/g, '\u0000').replace(/[.*+?^$()|[\]\\/]/g, '\\$&').replace(/\u0000/g, '[^/\'"`\\s?]+')
      const call = new RegExp(route.method === 'GET' ? `${path}(?![/\\w])` : `${route.method}[^\\n]{0,120}${path}(?![/\\w])|${path}(?![/\\w])[^\\n]{0,200}${route.method}`)
      return !sources.some((text) => call.test(text))
    })
    expect(uncalled.map((r) => `${r.method} ${r.path}`)).toEqual([])
  })

  it('serves a readable docs page with every operation', async () => {
    const answer = await fetch(`${t.server.url}/api/v1/docs`, { headers: { authorization: `Bearer ${t.server.token}` } })
    expect(answer.headers.get('content-type')).toContain('text/html')
    const html = await answer.text()
    for (const route of t.server.api.routes) expect(html).toContain(`id="${route.operationId}"`)
    expect(html).toContain('<code>/api/v1/jobs/{id}/retry</code>')
  })
})
