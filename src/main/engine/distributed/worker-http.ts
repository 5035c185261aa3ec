import { StudioError } from '@shared/errors'

/** The coordinator's worker routes, as a worker reaches them. */
export const WORKER_ROUTE_PREFIX = '/api/worker'

export function sourceRoute(workId: string): string {
  return `${WORKER_ROUTE_PREFIX}/chunks/${encodeURIComponent(workId)}/source`
}

export function rungRoute(workId: string, rungId: string): string {
  return `${WORKER_ROUTE_PREFIX}/chunks/${encodeURIComponent(workId)}/rungs/${encodeURIComponent(rungId)}`
}

export const CHECKSUM_HEADER = 'x-hls-studio-sha256'

export interface CoordinatorAddress {
  /** e.g. http://coordinator:8686 */
  serverUrl: string
  token: string
}

/**
 * A request to the coordinator that never follows a redirect: a worker's token goes to the
 * address it was given and nowhere else, so any 3xx is an error.
 */
export async function callCoordinator(address: CoordinatorAddress, path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
  const url = new URL(path, address.serverUrl)
  const headers = new Headers(init.headers)
  headers.set('authorization', `Bearer ${address.token}`)
  let response: Response
  try {
    response = await fetch(url, { ...init, headers, redirect: 'manual' })
  } catch (error) {
    if (init.signal?.aborted) throw error
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)
    throw new StudioError('INVALID_INPUT', `Could not reach the coordinator at ${address.serverUrl} (${cause}).`)
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel()
    throw new StudioError('INVALID_INPUT', `The coordinator at ${address.serverUrl} answered ${path} with a redirect (to ${response.headers.get('location') ?? 'nowhere'}); a worker never follows redirects.`)
  }
  return response
}

/** The error text of a refused call, from the coordinator's `{ error: { message } }` answer. */
export async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } }
    if (parsed.error?.message) return `${response.status}: ${parsed.error.message}`
  } catch {
    // not JSON
  }
  return `${response.status}: ${text.slice(0, 200) || response.statusText}`
}
