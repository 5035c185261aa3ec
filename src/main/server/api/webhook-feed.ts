import { WebhookDeliverer, type WebhookDelivererOptions } from '../../engine/automation/webhook-delivery'
import { absoluteUrls } from './api-job-view'
import type { ApiEventLog } from './api-events'

/**
 * Hands each event of the API's log to the webhook deliverer, with its URLs made absolute on
 * serve's own address: a webhook has no request to take the caller's address from.
 */
export function feedWebhooks(events: ApiEventLog, base: () => string, options: WebhookDelivererOptions): { deliverer: WebhookDeliverer; close(): void } {
  const deliverer = new WebhookDeliverer(options)
  const stop = events.on((event) => {
    const delivery = { id: event.id, event: event.event, createdAt: new Date(event.at).toISOString(), data: absoluteUrls(event.data, base()) }
    deliverer.deliver(delivery).catch((error: unknown) => options.log.warn({ err: error }, 'webhooks could not be read; this event is not delivered'))
  })
  return {
    deliverer,
    close() {
      stop()
      deliverer.close()
    }
  }
}
