/**
 * What must never reach a log line: credentials and anything that works like one. Fields are
 * censored by name wherever they sit (pino's redact paths), and free text is scrubbed of the
 * shapes a secret takes inside a sentence: a presigned URL's query, a Bearer header, a token
 * in a URL fragment or query.
 */

/** Field names whose value is a secret, at the top level or one object down. */
const SECRET_FIELDS = [
  'token',
  'password',
  'secret',
  'secretAccessKey',
  'accessKeyId',
  'sessionToken',
  'authorization',
  'cookie',
  'set-cookie',
  'credentials'
]

export const REDACT_PATHS: string[] = [
  ...SECRET_FIELDS.flatMap((field) => [`["${field}"]`, `*["${field}"]`, `*.*["${field}"]`]),
  'req.headers',
  'res.headers'
]

export const CENSORED = '[redacted]'

const SCRUBBERS: Array<[RegExp, string]> = [
  // A presigned (SigV4) URL: its whole query is the credential.
  [/(\?|&)(X-Amz-[A-Za-z-]+)=[^&\s"'#]*/g, `$1$2=${CENSORED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${CENSORED}`],
  // The login link carries the token in its fragment; a query `token=` the same way.
  [/([#?&](?:token|access_token|sig|signature|key)=)[^&\s"'#]*/gi, `$1${CENSORED}`],
  [/\b(hls_studio_session[A-Za-z0-9_]*|__Host-hls_studio_session)=[^;\s"']*/g, `$1=${CENSORED}`]
]

/** Text with every secret-shaped part replaced by CENSORED. */
export function scrubSecrets(text: string): string {
  let scrubbed = text
  for (const [pattern, replacement] of SCRUBBERS) scrubbed = scrubbed.replace(pattern, replacement)
  return scrubbed
}

/** A request URL as it may be logged: the path, never its query (signed URLs, tokens). */
export function loggablePath(url: string): string {
  const cut = url.search(/[?#]/)
  return cut === -1 ? url : `${url.slice(0, cut)}?…`
}
