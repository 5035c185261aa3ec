import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { StudioError } from '@shared/errors'
import { isPublicAddress, type AddressRule } from '../sources/address-guard'

/**
 * Refuses a webhook endpoint whose host is (or resolves to) a loopback, private or link-local
 * address, the rule of URL sources: checked when the endpoint is added, and again by the
 * deliverer on the address it connects to.
 */
export async function checkEndpointAddress(url: string, allowed: AddressRule = isPublicAddress, resolve: (host: string) => Promise<string[]> = async (host) => (await lookup(host, { all: true })).map((a) => a.address)): Promise<void> {
  let host: string
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  } catch {
    throw new StudioError('INVALID_INPUT', `${url} is not a URL.`)
  }
  const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [])
  if (!addresses.length) throw new StudioError('INVALID_INPUT', `${host} does not resolve to an address; check the URL.`)
  const inside = addresses.find((address) => !allowed(address))
  if (inside) throw new StudioError('INVALID_INPUT', `${host} is on a loopback, private or link-local address (${inside}). Webhooks go there only with --allow-private-urls (on \`webhooks add\` and on serve).`)
}
