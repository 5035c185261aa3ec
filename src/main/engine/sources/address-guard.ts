/**
 * Which addresses a URL source may reach when the studio is driven from a browser (`serve`):
 * public unicast only. Loopback, private (RFC 1918, unique-local), link-local (which holds the
 * cloud metadata service at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges
 * would turn a URL source into a request from inside this machine's network (SSRF).
 *
 * The check happens where the connection is made: the HTTP request's DNS `lookup` is replaced by
 * one that refuses a forbidden answer, so the socket connects to the very address that was
 * checked (a second, different DNS answer cannot slip in: DNS rebinding), on every redirect hop.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'
import { StudioError } from '@shared/errors'

/** The range ipaddr.js names for an address; IPv4-mapped IPv6 is judged as the IPv4 it carries. */
function rangeOf(address: string): string {
  const parsed = ipaddr.parse(address)
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address().range()
  return parsed.range()
}

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  return rangeOf(address) === 'unicast'
}

export function forbiddenAddressError(host: string, address: string): StudioError {
  const range = rangeOf(address)
  return new StudioError(
    'INVALID_INPUT',
    `${host} is a ${range} address (${address}), which URL sources from a browser may not reach. Give a public address, or start serve with --allow-private-urls.`
  )
}

/** Which addresses may be connected to; the studio's rule is isPublicAddress (tests stand a loopback alias in for a public host). */
export type AddressRule = (address: string) => boolean

/** Refuses a URL whose host is a literal IP address the rule refuses (Node skips `lookup` for those). */
export function checkLiteralHost(url: URL, allowed: AddressRule = isPublicAddress): void {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) && !allowed(host)) throw forbiddenAddressError(url.hostname, host)
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** A DNS lookup for http.request that answers only addresses the rule allows, and fails in plain words otherwise. */
export function guardedLookup(allowed: AddressRule = isPublicAddress): LookupFunction {
  return (hostname, options, callback) => {
  const done = callback as unknown as LookupCallback
  dnsLookup(hostname, { ...(options as LookupOneOptions), all: true } as LookupAllOptions, (error, addresses) => {
    if (error) return done(error, '')
    const refused = addresses.find((a) => !allowed(a.address))
    if (refused) return done(forbiddenAddressError(hostname, refused.address), '')
    if ((options as LookupAllOptions).all) return done(null, addresses)
    const first = addresses[0]!
    done(null, first.address, first.family)
  })
  }
}
