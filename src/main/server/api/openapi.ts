/**
 * The OpenAPI 3.1 document of `/api/v1`, written from the same route list that registers the
 * routes (schemas, statuses, descriptions): it cannot describe a route the server lacks, or
 * miss one it has. zod 4 writes JSON Schema 2020-12, which is OpenAPI 3.1's own dialect.
 */
import { z } from 'zod'
import { apiErrorSchema } from './api-errors'
import { API_PREFIX, type ApiRoute } from './api-route'

type JsonSchema = Record<string, unknown>

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is malformed: the message says which field and why.',
  401: 'No token, a wrong one, or a revoked API token.',
  403: 'A browser page of another origin.',
  404: 'No such job, package or target.',
  409: 'The job cannot do that now (e.g. cancel a finished job), or an Idempotency-Key conflict.',
  413: 'The upload is larger than this studio accepts.',
  422: 'The request is well formed but cannot be done (not media, not published…).',
  429: 'Too many uploads arriving at once.',
  501: 'Not available from the HTTP API.',
  503: 'The studio cannot do it right now (ffmpeg missing, store locked).'
}

class SchemaWriter {
  readonly components: Record<string, JsonSchema> = {}

  write(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const suffix = io === 'input' ? 'Input' : ''
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite)
      if (typeof value !== 'object' || value === null) return value
      const out: JsonSchema = {}
      for (const [key, field] of Object.entries(value)) {
        out[key] = key === '$ref' && typeof field === 'string' ? field.replace(/^#\/\$defs\/(.+)$/, `#/components/schemas/$1${suffix}`) : rewrite(field)
      }
      return out
    }
    const { $schema: _dialect, $defs, ...rest } = json
    for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      this.components[`${name}${suffix}`] = rewrite(def) as JsonSchema
    }
    return rewrite(rest) as JsonSchema
  }

  parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
    if (!schema) return []
    const json = this.write(schema, 'input')
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>
    const required = new Set((json.required ?? []) as string[])
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...rest } = property
      return { name, in: where, required: where === 'path' || required.has(name), schema: rest, ...(description ? { description } : {}) }
    })
  }
}

export function openApiDocument(routes: readonly ApiRoute[], info: { version: string }): JsonSchema {
  const writer = new SchemaWriter()
  const errorSchema = writer.write(apiErrorSchema, 'output')
  const paths: Record<string, Record<string, JsonSchema>> = {}
  for (const route of routes) {
    const parameters = [
      ...writer.parameters(route.params, 'path'),
      ...writer.parameters(route.query, 'query'),
      ...Object.entries(route.headers ?? {}).map(([name, header]) => ({ name, in: 'header', required: header.required ?? false, description: header.description, schema: { type: 'string' } }))
    ]
    const responses: Record<string, JsonSchema> = {
      [route.success.status]: {
        description: route.success.description,
        ...(route.success.schema ? { content: { [route.success.contentType ?? 'application/json']: { schema: writer.write(route.success.schema, 'output') } } } : {})
      }
    }
    for (const status of [...route.errors, 401]) {
      responses[status] = { description: STATUS_TEXT[status] ?? 'An error.', content: { 'application/json': { schema: errorSchema } } }
    }
    const body = route.body ? { contentType: 'application/json', schema: route.body } : route.bodyDoc
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(body ? { requestBody: { required: !route.body || !route.body.safeParse(undefined).success, content: { [body.contentType]: { schema: writer.write(body.schema, 'input') } } } } : {}),
      responses
    }
    const path = `${API_PREFIX}${route.path}`
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'HLS Studio API',
      version: info.version,
      description: 'Automation for `hls-studio serve`: jobs from URLs, files and uploads, their events, the Library and storage targets. Send `Authorization: Bearer <token>`: the serve token or an API token (`hls-studio tokens add <name>`).'
    },
    paths,
    components: {
      schemas: writer.components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The serve token, or an API token from `hls-studio tokens add`.' } }
    },
    security: [{ bearer: [] }]
  }
}
