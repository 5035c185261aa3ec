/**
 * An independent SigV4 check (AWS "Signature Version 4 signing process"), written from the
 * spec rather than with the SDK's signer, so it also catches a wrong use of the SDK.
 * s3rver does not check signatures; the test proxy uses this to answer like S3 does.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export type SigV4Verdict =
  | { ok: true; accessKeyId: string; presigned: boolean }
  | { ok: false; status: number; code: string; message: string }

export interface SigV4CheckOptions {
  /** accessKeyId → secretAccessKey */
  secrets: ReadonlyMap<string, string>
  now?: Date
  /** S3 refuses requests more than 15 minutes off. */
  maxSkewMs?: number
}

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()

/** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function canonicalQuery(rawQuery: string, drop: string): string {
  if (!rawQuery) return ''
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=')
      const key = decodeURIComponent((at < 0 ? part : part.slice(0, at)).replace(/\+/g, '%20'))
      const value = at < 0 ? '' : decodeURIComponent(part.slice(at + 1).replace(/\+/g, '%20'))
      return [encodeRfc3986(key), encodeRfc3986(value)] as const
    })
    .filter(([key]) => key !== drop)
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name]
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '')
  return joined.trim().replace(/\s+/g, ' ')
}

function parseAmzDate(stamp: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined
}

const denied = (code: string, message: string, status = 403): SigV4Verdict => ({ ok: false, status, code, message })

export function checkSigV4(request: { method: string; url: string; headers: IncomingHttpHeaders }, options: SigV4CheckOptions): SigV4Verdict {
  const [path = '/', rawQuery = ''] = request.url.split(/\?(.*)/s)
  const query = new URLSearchParams(rawQuery)
  const presigned = query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256'
  let credential: string
  let signedHeaders: string
  let signature: string
  let amzDate: string
  let payloadHash: string
  if (presigned) {
    credential = query.get('X-Amz-Credential') ?? ''
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? ''
    signature = query.get('X-Amz-Signature') ?? ''
    amzDate = query.get('X-Amz-Date') ?? ''
    payloadHash = 'UNSIGNED-PAYLOAD'
  } else {
    const auth = headerValue(request.headers, 'authorization')
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]+)$/.exec(auth)
    if (!m) return denied('AccessDenied', 'Access Denied')
    ;[credential, signedHeaders, signature] = [m[1]!, m[2]!, m[3]!]
    amzDate = headerValue(request.headers, 'x-amz-date')
    payloadHash = headerValue(request.headers, 'x-amz-content-sha256') || 'UNSIGNED-PAYLOAD'
  }
  const [accessKeyId = '', day = '', region = '', service = '', terminator = ''] = credential.split('/')
  const secret = options.secrets.get(accessKeyId)
  if (secret === undefined) return denied('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.')
  const signedAt = parseAmzDate(amzDate)
  if (!signedAt || !amzDate.startsWith(day) || terminator !== 'aws4_request') return denied('AuthorizationHeaderMalformed', 'The authorization header is malformed.', 400)

  const now = options.now ?? new Date()
  if (presigned) {
    const expires = Number(query.get('X-Amz-Expires'))
    if (!Number.isFinite(expires) || expires > 604_800) return denied('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is 604800', 400)
    if (now.getTime() > signedAt.getTime() + expires * 1000) return denied('AccessDenied', 'Request has expired')
  } else if (Math.abs(now.getTime() - signedAt.getTime()) > (options.maxSkewMs ?? 15 * 60_000)) {
    return denied('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.')
  }

  const names = signedHeaders.split(';')
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery(rawQuery, presigned ? 'X-Amz-Signature' : ''),
    names.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join(''),
    signedHeaders,
    payloadHash
  ].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request')
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest()
  const given = Buffer.from(signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return denied('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.')
  }
  return { ok: true, accessKeyId, presigned }
}
