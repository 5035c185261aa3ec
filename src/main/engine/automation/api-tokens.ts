import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import type { ApiTokenInfo } from '@shared/automation-events'
import { StudioError } from '@shared/errors'
import { PrivateJsonFile } from './private-json-file'

/** What a token looks like: the prefix tells a leaked one apart in a log or a scanner. */
export const API_TOKEN_PREFIX = 'hls_'

export const apiTokenNameSchema = z
  .string()
  .min(1, 'Give the token a name.')
  .max(64, 'A token name is at most 64 characters.')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'A token name is letters, digits, dots, dashes and underscores.')

const storedTokenSchema = z.object({
  name: apiTokenNameSchema,
  /** SHA-256 of the token, hex. The token is 32 random bytes, so a plain hash cannot be searched back. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string()
})
const tokenFileSchema = z.object({ version: z.literal(1), tokens: z.array(storedTokenSchema) })

export type { ApiTokenInfo }

function sha256(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/**
 * API tokens for scripts and other machines (`hls-studio tokens add|list|revoke`, Settings).
 * Each is shown once, when made; only its hash is kept, in `<data dir>/api-tokens.json` (0600).
 */
export class ApiTokenStore {
  private readonly file: PrivateJsonFile<typeof tokenFileSchema>

  constructor(dataDir: string) {
    this.file = new PrivateJsonFile(join(dataDir, 'api-tokens.json'), tokenFileSchema, () => ({ version: 1 as const, tokens: [] }), 'the API tokens')
  }

  /** Makes a token and answers it: the only time it is ever seen. */
  async add(name: string, now = new Date()): Promise<{ name: string; token: string }> {
    const checked = apiTokenNameSchema.safeParse(name)
    if (!checked.success) throw new StudioError('INVALID_INPUT', checked.error.issues[0]!.message)
    const file = await this.file.read()
    if (file.tokens.some((t) => t.name === name)) throw new StudioError('INVALID_INPUT', `A token named ${name} already exists; revoke it first or choose another name.`)
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
    file.tokens.push({ name, sha256: sha256(token).toString('hex'), createdAt: now.toISOString() })
    await this.file.write(file)
    return { name, token }
  }

  async list(): Promise<ApiTokenInfo[]> {
    return (await this.file.read()).tokens.map(({ name, createdAt }) => ({ name, createdAt }))
  }

  async revoke(name: string): Promise<void> {
    const file = await this.file.read()
    const kept = file.tokens.filter((t) => t.name !== name)
    if (kept.length === file.tokens.length) throw new StudioError('NOT_FOUND', `There is no API token named ${name}.`)
    await this.file.write({ ...file, tokens: kept })
  }

  /**
   * The name of the token given, or undefined. Compared in constant time on the hashes. Never
   * writes: a write here could race a revoke from another process and bring the token back.
   */
  async verify(token: string | undefined): Promise<string | undefined> {
    if (!token?.startsWith(API_TOKEN_PREFIX)) return undefined
    const given = sha256(token)
    const { tokens } = await this.file.read()
    return tokens.find((t) => timingSafeEqual(Buffer.from(t.sha256, 'hex'), given))?.name
  }
}
