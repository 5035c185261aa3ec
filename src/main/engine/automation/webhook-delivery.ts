/**
 * Delivers job events to webhook endpoints: a POST of the event as JSON, signed (see
 * webhook-signature.ts), retried with backoff for a day when the endpoint fails or cannot be
 * reached, each attempt logged. Connections go through the same address guard as URL
 * sources, checked on the connected address itself (no DNS rebinding), and redirects are
 * not followed: an endpoint on a private address needs serve's --allow-private-urls.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_EVENT_HEADER, WEBHOOK_SIGNATURE_HEADER, type AutomationEventName } from '@shared/automation-events'
import { backoffDelayMs, type RetryPolicy } from '@shared/backoff'
import { isStudioError } from '@shared/errors'
import type { Logger } from 'pino'
import { loggablePath } from '../logging/redact'
import { checkLiteralHost, guardedLookup, type AddressRule } from '../sources/address-guard'
import { signWebhook } from './webhook-signature'
import type { Webhook } from './webhook-store'

export interface WebhookEvent {
  id: number
  event: AutomationEventName
  createdAt: string
  data: Record<string, unknown>
}

export interface DeliveryPolicy extends RetryPolicy {
  /** Give up on a delivery this long after the event. */
  giveUpAfterMs: number
  /** One attempt's deadline, connection and answer included. */
  attemptTimeoutMs: number
}

/** 10 s, 20 s, 40 s … then hourly, for a day: an endpoint down for a deploy or a night still gets everything. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 40, baseDelayMs: 10_000, maxDelayMs: 3_600_000, jitter: 0.2, giveUpAfterMs: 24 * 3_600_000, attemptTimeoutMs: 10_000 }

export interface WebhookDelivererOptions {
  endpoints: () => Promise<Webhook[]>
  log: Logger
  /** Which addresses an endpoint may be on; absent: any (serve --allow-private-urls). */
  addressAllowed?: AddressRule
  policy?: Partial<DeliveryPolicy>
  now?: () => number
}

type AttemptResult = { ok: true; status: number } | { ok: false; reason: string; retry: boolean }

function where(url: string): string {
  const parsed = new URL(url)
  return `${parsed.origin}${loggablePath(`${parsed.pathname}${parsed.search}`)}`
}

export class WebhookDeliverer {
  private readonly policy: DeliveryPolicy
  private readonly timers = new Set<NodeJS.Timeout>()
  private closed = false

  constructor(private readonly options: WebhookDelivererOptions) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy }
  }

  /** Sends the event to every endpoint that asked for its name; returns once the first attempts are made. */
  async deliver(event: WebhookEvent): Promise<void> {
    const endpoints = (await this.options.endpoints()).filter((w) => w.events.includes(event.event))
    await Promise.all(endpoints.map((endpoint) => this.attempt(endpoint, event, JSON.stringify(event), 1, this.now())))
  }

  close(): void {
    this.closed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  private async attempt(endpoint: Webhook, event: WebhookEvent, body: string, attempt: number, firstAt: number): Promise<void> {
    if (this.closed) return
    const result = await this.post(endpoint, event, body)
    const fields = { webhook: endpoint.id, endpoint: where(endpoint.url), event: event.event, delivery: event.id, attempt }
    if (result.ok) return void this.options.log.info({ ...fields, status: result.status }, 'webhook delivered')
    const wait = backoffDelayMs(attempt, this.policy)
    const last = !result.retry || attempt >= this.policy.maxAttempts || this.now() + wait - firstAt > this.policy.giveUpAfterMs
    this.options.log.warn({ ...fields, reason: result.reason }, last ? 'webhook delivery given up' : 'webhook delivery failed; will retry')
    if (last) return
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.attempt(endpoint, event, body, attempt + 1, firstAt)
    }, wait)
    timer.unref()
    this.timers.add(timer)
  }

  private post(endpoint: Webhook, event: WebhookEvent, body: string): Promise<AttemptResult> {
    const url = new URL(endpoint.url)
    const rule = this.options.addressAllowed
    try {
      if (rule) checkLiteralHost(url, rule)
    } catch (error) {
      return Promise.resolve({ ok: false, reason: isStudioError(error) ? error.message : String(error), retry: false })
    }
    const signature = signWebhook(endpoint.secret, body, Math.floor(this.now() / 1000))
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise<AttemptResult>((resolve) => {
      const request = send(
        url,
        {
          method: 'POST',
          ...(rule ? { lookup: guardedLookup(rule) } : {}),
          timeout: this.policy.attemptTimeoutMs,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'hls-studio-webhooks',
            [WEBHOOK_SIGNATURE_HEADER]: signature,
            [WEBHOOK_EVENT_HEADER]: event.event,
            [WEBHOOK_DELIVERY_HEADER]: String(event.id)
          }
        },
        (answer) => {
          answer.resume()
          const status = answer.statusCode ?? 0
          // 3xx too is a failure: a redirect is not followed with a signed POST.
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, reason: `the endpoint answered HTTP ${status}`, retry: true })
        }
      )
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.policy.attemptTimeoutMs / 1000} s`)))
      request.on('error', (error) => resolve({ ok: false, reason: error.message, retry: !isStudioError(error) }))
      request.end(body)
    })
  }
}
