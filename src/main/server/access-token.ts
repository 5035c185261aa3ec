import { isIP } from 'node:net'
import { StudioError } from '@shared/errors'

export { bearerToken, generateToken, MIN_TOKEN_LENGTH, tokenMatches } from '../engine/access-token'
import { generateToken, MIN_TOKEN_LENGTH } from '../engine/access-token'

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  if (isIP(bare) === 6) return bare === '::1' || bare.startsWith('::ffff:127.')
  return false
}

/**
 * The token of a `serve` run: the one given (checked for length), or a fresh random one. A
 * non-loopback address without a token given is refused: a token printed on a console is
 * fine for the machine's own user, not for a network.
 */
export function chooseToken(host: string, given: string | undefined): { token: string; generated: boolean } {
  if (given !== undefined) {
    if (given.length < MIN_TOKEN_LENGTH || /\s/.test(given)) {
      throw new StudioError('INVALID_INPUT', `The token must be at least ${MIN_TOKEN_LENGTH} characters, without spaces.`)
    }
    return { token: given, generated: false }
  }
  if (!isLoopbackHost(host)) {
    throw new StudioError(
      'INVALID_INPUT',
      `Serving on ${host} makes the studio reachable from the network. Give it a token (--token, or HLS_STUDIO_TOKEN) of at least ${MIN_TOKEN_LENGTH} characters, or serve on 127.0.0.1.`
    )
  }
  return { token: generateToken(), generated: true }
}
