import { randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { AUTOMATION_EVENTS, type AutomationEventName, type WebhookInfo } from '@shared/automation-events'
import { StudioError } from '@shared/errors'
import { PrivateJsonFile } from './private-json-file'

/** What an endpoint can subscribe to: the API's job events (the same names as on /api/v1/events). */
export const WEBHOOK_EVENTS = AUTOMATION_EVENTS
export type WebhookEventName = AutomationEventName
/** Progress updates come many times a second; an endpoint asks for them by name. */
export const DEFAULT_WEBHOOK_EVENTS: WebhookEventName[] = ['job-completed', 'job-failed', 'job-cancelled']

const webhookSchema = z.object({
  id: z.string(),
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  /** The HMAC key. Kept (0600), since every delivery is signed with it; shown once, when added. */
  secret: z.string().min(32),
  createdAt: z.string()
})
export type Webhook = z.infer<typeof webhookSchema>
export type { WebhookInfo }
const webhookFileSchema = z.object({ version: z.literal(1), webhooks: z.array(webhookSchema) })

/** Reads `--events job-completed,job-failed`; anything else is a plain-words refusal. */
export function parseWebhookEvents(text: string | undefined): WebhookEventName[] {
  if (!text) return [...DEFAULT_WEBHOOK_EVENTS]
  const names = text.split(',').map((n) => n.trim()).filter(Boolean)
  const unknown = names.filter((n) => !(WEBHOOK_EVENTS as readonly string[]).includes(n))
  if (unknown.length || !names.length) throw new StudioError('INVALID_INPUT', `${unknown.join(', ') || 'Nothing'} is not an event a webhook can receive; choose from ${WEBHOOK_EVENTS.join(', ')}.`)
  return [...new Set(names)] as WebhookEventName[]
}

/** Endpoints that receive job events (`hls-studio webhooks add|list|remove`, Settings), in `<data dir>/webhooks.json` (0600). */
export class WebhookStore {
  private readonly file: PrivateJsonFile<typeof webhookFileSchema>

  constructor(dataDir: string) {
    this.file = new PrivateJsonFile(join(dataDir, 'webhooks.json'), webhookFileSchema, () => ({ version: 1 as const, webhooks: [] }), 'the webhooks')
  }

  async add(url: string, events: WebhookEventName[] = [...DEFAULT_WEBHOOK_EVENTS], now = new Date()): Promise<Webhook> {
    const checked = webhookSchema.shape.url.safeParse(url)
    if (!checked.success) throw new StudioError('INVALID_INPUT', `${url} is not an http(s) URL.`)
    const webhook: Webhook = { id: `wh-${randomUUID().slice(0, 8)}`, url: checked.data, events, secret: `whsec_${randomBytes(32).toString('base64url')}`, createdAt: now.toISOString() }
    const file = await this.file.read()
    file.webhooks.push(webhook)
    await this.file.write(file)
    return webhook
  }

  /** With their secrets: for signing only, never to show. */
  async all(): Promise<Webhook[]> {
    return (await this.file.read()).webhooks
  }

  async list(): Promise<WebhookInfo[]> {
    return (await this.all()).map(({ secret: _secret, ...info }) => info)
  }

  /** By id, or by URL when that names exactly one. */
  async remove(idOrUrl: string): Promise<WebhookInfo> {
    const file = await this.file.read()
    const matches = file.webhooks.filter((w) => w.id === idOrUrl || w.url === idOrUrl)
    if (matches.length === 0) throw new StudioError('NOT_FOUND', `There is no webhook ${idOrUrl}; \`hls-studio webhooks list\` shows them.`)
    if (matches.length > 1) throw new StudioError('INVALID_INPUT', `${matches.length} webhooks go to ${idOrUrl}; remove one by its id.`)
    await this.file.write({ ...file, webhooks: file.webhooks.filter((w) => w !== matches[0]) })
    const { secret: _secret, ...info } = matches[0]!
    return info
  }
}
