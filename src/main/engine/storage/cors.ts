import type { CORSRule, S3Client } from '@aws-sdk/client-s3'
import type { CorsReport } from '@shared/targets'
import { errorFacts } from './storage-errors'
import { s3 } from './aws-sdk'

const { GetBucketCorsCommand, PutBucketCorsCommand } = s3

/** Our rule's id: applying again replaces it, and the bucket's other rules are kept. */
export const PLAYBACK_CORS_RULE_ID = 'hls-studio-playback'
/** "Any website": what a public video needs to play in players on other sites. */
export const ANY_ORIGIN = '*'

/** S3's origin matching: exact, `*`, or one `*` wildcard inside (e.g. `https://*.example.com`). */
function originMatches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true
  if (origin === ANY_ORIGIN) return false
  const star = pattern.indexOf('*')
  if (star < 0) return pattern.toLowerCase() === origin.toLowerCase()
  const head = pattern.slice(0, star).toLowerCase()
  const tail = pattern.slice(star + 1).toLowerCase()
  const lower = origin.toLowerCase()
  return lower.length >= head.length + tail.length && lower.startsWith(head) && lower.endsWith(tail)
}

function allows(rules: CORSRule[], origin: string, method: string): boolean {
  return rules.some((rule) => (rule.AllowedMethods ?? []).includes(method) && (rule.AllowedOrigins ?? []).some((p) => originMatches(p, origin)))
}

/** Whether players on these origins may GET and HEAD playlists and segments. */
export function reportCors(rules: CORSRule[], origins: string[]): CorsReport {
  const checked = origins.map((origin) => ({ origin, allowed: allows(rules, origin, 'GET') && allows(rules, origin, 'HEAD') }))
  const allowsPlayback = checked.every((o) => o.allowed)
  const refused = checked.filter((o) => !o.allowed).map((o) => (o.origin === ANY_ORIGIN ? 'any website' : o.origin))
  const detail =
    rules.length === 0
      ? 'The bucket has no CORS rules: browsers on other sites cannot play from it. Apply the studio’s rule to allow it.'
      : allowsPlayback
        ? 'The bucket’s CORS rules let players fetch playlists and segments.'
        : `The bucket’s CORS rules do not let players on ${refused.join(', ')} fetch playlists and segments.`
  return { allowsPlayback, origins: checked, rules: rules.length, detail }
}

/** The bucket's CORS rules; none when it has no configuration. */
export async function readCorsRules(client: S3Client, bucket: string): Promise<CORSRule[]> {
  try {
    return (await client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules ?? []
  } catch (error) {
    if (errorFacts(error).name === 'NoSuchCORSConfiguration') return []
    throw error
  }
}

/** The bucket's rules with ours (GET/HEAD from the given origins) added or replaced. */
export function withPlaybackRule(rules: CORSRule[], origins: string[]): CORSRule[] {
  const ours: CORSRule = {
    ID: PLAYBACK_CORS_RULE_ID,
    AllowedOrigins: origins,
    AllowedMethods: ['GET', 'HEAD'],
    AllowedHeaders: ['*'],
    // hls.js reads Content-Length and ranges; ETag helps caches revalidate.
    ExposeHeaders: ['Content-Length', 'Content-Range', 'ETag'],
    MaxAgeSeconds: 3600
  }
  return [...rules.filter((rule) => rule.ID !== PLAYBACK_CORS_RULE_ID), ours]
}

export async function applyPlaybackCors(client: S3Client, bucket: string, origins: string[]): Promise<void> {
  const rules = withPlaybackRule(await readCorsRules(client, bucket), origins)
  await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }))
}
