import { StudioError, type ErrorCode } from '@shared/errors'
import type { StorageTarget } from '@shared/targets'

/** The parts of an AWS SDK or Node network error this module reads; nothing else is trusted. */
export interface ErrorFacts {
  /** S3 error code (`NoSuchBucket`, `SlowDown`…) or a JS error name. */
  name: string
  status?: number
  /** Node's system error code (`ECONNREFUSED`…), when the request never got an answer. */
  networkCode?: string
  aborted: boolean
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET'
])
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED/

function networkCodeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  // Node 20 reports failed connections to a dual-stack host as an AggregateError.
  const inner = (error as { errors?: unknown }).errors
  if (Array.isArray(inner) && inner[0] && typeof inner[0] === 'object') return networkCodeOf(inner[0])
  const cause = (error as { cause?: unknown }).cause
  if (cause && typeof cause === 'object') return networkCodeOf(cause)
  return undefined
}

export function errorFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: String(error), aborted: false }
  const record = error as { name?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown } }
  const name = typeof record.Code === 'string' ? record.Code : typeof record.name === 'string' ? record.name : 'Error'
  const status = typeof record.$metadata?.httpStatusCode === 'number' ? record.$metadata.httpStatusCode : undefined
  return { name, status, networkCode: networkCodeOf(error), aborted: name === 'AbortError' }
}

export function isCancellation(error: unknown): boolean {
  return error instanceof StudioError ? error.code === 'CANCELLED' : errorFacts(error).aborted
}

/** Worth another try with backoff: throttling, server trouble, a dropped connection. */
export function isRetryableStorageError(error: unknown): boolean {
  if (error instanceof StudioError) return false
  const facts = errorFacts(error)
  if (facts.aborted) return false
  if (['SlowDown', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'Throttling', 'ThrottlingException', 'TooManyRequests', 'TimeoutError'].includes(facts.name)) {
    return true
  }
  if (facts.status !== undefined && (facts.status >= 500 || facts.status === 429)) return true
  if (facts.networkCode && NETWORK_CODES.has(facts.networkCode) && facts.networkCode !== 'ENOTFOUND') return true
  // A connection cut while the response was arriving surfaces as a parse or premature-close error.
  return facts.status === undefined && /socket hang up|premature close|aborted|ECONNRESET/i.test(messageOf(error))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : ''
}

export interface StorageErrorContext {
  target: Pick<StorageTarget, 'name' | 'bucket' | 'endpoint' | 'region' | 'provider'>
  /** What was being done, in words: "uploading v0/seg_001.ts". */
  action: string
}

function where(target: StorageErrorContext['target']): string {
  return target.endpoint ?? `AWS S3 in ${target.region}`
}

/**
 * Turns an SDK or network error into a StudioError a person can act on. Only the error's
 * name, status and network code are read; the server's own text is never copied, since
 * some servers echo request details (SignatureDoesNotMatch carries the string to sign).
 */
export function toStorageError(error: unknown, context: StorageErrorContext): StudioError {
  if (error instanceof StudioError) return error
  const facts = errorFacts(error)
  const { target, action } = context
  const say = (code: ErrorCode, message: string): StudioError => new StudioError(code, message)

  if (facts.aborted) return say('CANCELLED', 'Cancelled.')
  if (facts.networkCode && TLS_CODE.test(facts.networkCode)) {
    return say('STORAGE_ENDPOINT', `The endpoint ${where(target)} presented a certificate this computer does not trust (${facts.networkCode}) while ${action}. Check the endpoint URL.`)
  }
  if (facts.networkCode && NETWORK_CODES.has(facts.networkCode) && !['ECONNRESET', 'EPIPE'].includes(facts.networkCode)) {
    return say('STORAGE_ENDPOINT', `Could not reach the storage endpoint ${where(target)} (${facts.networkCode}) while ${action}. Check the endpoint URL and your network.`)
  }
  switch (facts.name) {
    case 'InvalidAccessKeyId':
      return say('STORAGE_CREDENTIALS', `The access key ID for target "${target.name}" is not known to ${where(target)}. Check the keys (and that they belong to this provider).`)
    case 'SignatureDoesNotMatch':
      return say('STORAGE_CREDENTIALS', `The secret access key for target "${target.name}" does not match its access key ID. Copy the secret again from your provider.`)
    case 'InvalidToken':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return say('STORAGE_CREDENTIALS', `The credentials for target "${target.name}" have expired or are invalid. Create new keys with your provider.`)
    case 'NoSuchBucket':
      return say('STORAGE_BUCKET', `The bucket "${target.bucket}" does not exist at ${where(target)}. Create it, or fix the bucket name of target "${target.name}".`)
    case 'AccessDenied':
    case 'AllAccessDisabled':
    case 'AccountProblem':
      return say('STORAGE_PERMISSION', `The keys of target "${target.name}" are valid but not allowed to do this on bucket "${target.bucket}" (${action}). Give them read, write, list and delete rights on the bucket.`)
    case 'RequestTimeTooSkewed':
      return say('STORAGE_CLOCK_SKEW', `This computer's clock differs too much from the storage service's clock (S3 allows 15 minutes). Set the date and time automatically and try again.`)
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return say('STORAGE_ENDPOINT', `The bucket "${target.bucket}" lives in another region or behind another endpoint than ${where(target)}. Fix the region or endpoint of target "${target.name}".`)
  }
  if (facts.status === 404 && facts.name === 'NotFound') {
    return say('STORAGE_BUCKET', `The bucket "${target.bucket}" does not exist at ${where(target)}. Create it, or fix the bucket name of target "${target.name}".`)
  }
  if (facts.status === 403) {
    return say('STORAGE_PERMISSION', `The storage service refused ${action} for target "${target.name}" (403). Check the keys and their rights on bucket "${target.bucket}".`)
  }
  if (facts.status === 301 || facts.status === 307) {
    return say('STORAGE_ENDPOINT', `The storage service sent the request elsewhere (${facts.status}) while ${action}: the region or endpoint of target "${target.name}" is wrong.`)
  }
  if (facts.status === undefined && !facts.networkCode && /Deserialization|Expected closing tag|not expected|Unexpected token|char '.'/.test(messageOf(error))) {
    return say('STORAGE_ENDPOINT', `${where(target)} answered, but not like an S3 service, while ${action}. Check the endpoint URL of target "${target.name}".`)
  }
  const code = facts.status ? `HTTP ${facts.status}${facts.name && facts.name !== 'Error' ? `, ${facts.name}` : ''}` : facts.networkCode ?? facts.name
  return say('STORAGE_FAILED', `The storage service failed while ${action} (${code}). It may be a passing problem; try again.`)
}

/** A failure's kind in a few words for a log line, never its full text (which may quote a request). */
export function describeFailure(error: unknown): string {
  const facts = errorFacts(error)
  if (facts.networkCode) return facts.networkCode
  return facts.status ? `${facts.name} (HTTP ${facts.status})` : facts.name
}
