import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { ApiTokenStore } from './automation/api-tokens'
import { checkEndpointAddress } from './automation/endpoint-address'
import type { WebhookStore } from './automation/webhook-store'
import { FULL_ACCESS } from './access-policy'
import type { StudioHandlerDeps } from './contract-handlers'

type AutomationCommands = 'apiTokens.list' | 'apiTokens.add' | 'apiTokens.revoke' | 'webhooks.list' | 'webhooks.add' | 'webhooks.remove'

export interface AutomationStores {
  tokens: ApiTokenStore
  webhooks: WebhookStore
}

/** Settings → Automation: the same stores `hls-studio tokens` and `hls-studio webhooks` use. */
export function automationHandlers(deps: StudioHandlerDeps): Pick<StudioHandlers, AutomationCommands> {
  const policy = deps.policy ?? FULL_ACCESS
  const stores = (): AutomationStores => {
    if (!deps.automation) throw new StudioError('UNSUPPORTED', 'API tokens and webhooks belong to a studio with a data folder.')
    return deps.automation
  }
  return {
    'apiTokens.list': () => stores().tokens.list(),
    'apiTokens.add': ({ name }) => stores().tokens.add(name),
    'apiTokens.revoke': async ({ name }) => {
      await stores().tokens.revoke(name)
      return { revoked: name }
    },
    'webhooks.list': () => stores().webhooks.list(),
    'webhooks.add': async ({ url, events }) => {
      // From a confined client (serve's page), an endpoint obeys the rule of URL sources.
      if (!policy.allowPrivateUrls) await checkEndpointAddress(url, policy.addressAllowed)
      const { secret, ...info } = await stores().webhooks.add(url, events)
      return { ...info, secret }
    },
    'webhooks.remove': async ({ id }) => ({ removed: (await stores().webhooks.remove(id)).id })
  }
}
