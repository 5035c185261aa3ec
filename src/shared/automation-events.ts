/**
 * The job events automation receives, by name: the `event:` of `/api/v1/events` and the
 * `event` of a webhook delivery. One list, so an endpoint subscribes to what SSE streams.
 */
export const AUTOMATION_EVENTS = ['job-update', 'job-completed', 'job-failed', 'job-cancelled'] as const
export type AutomationEventName = (typeof AUTOMATION_EVENTS)[number]

/** Header names of a webhook delivery. */
export const WEBHOOK_SIGNATURE_HEADER = 'hls-studio-signature'
export const WEBHOOK_EVENT_HEADER = 'hls-studio-event'
export const WEBHOOK_DELIVERY_HEADER = 'hls-studio-delivery'

/** An API token as Settings and `tokens list` show it: never the token. */
export interface ApiTokenInfo {
  name: string
  createdAt: string
}

/** A webhook endpoint as Settings and `webhooks list` show it: never its secret. */
export interface WebhookInfo {
  id: string
  url: string
  events: AutomationEventName[]
  createdAt: string
}
