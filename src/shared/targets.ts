import { z } from 'zod'
import { STORAGE_PROVIDERS, type StorageProviderName } from './provider-names'

/**
 * Storage targets: where a finished package is published. Shared by the UI, the contract
 * and the engine. A target never carries its secret; credentials live in a SecretStore.
 */

export { STORAGE_PROVIDERS }
export type { StorageProviderName }
export const storageProviderSchema = z.enum(STORAGE_PROVIDERS)

/**
 * How the studio talks to a provider: each kind is one StorageProvider implementation in the
 * engine. Every service offered today speaks the S3 protocol, so they are presets of one kind.
 */
export const STORAGE_PROVIDER_KINDS = ['s3-compatible'] as const
export type StorageProviderKind = (typeof STORAGE_PROVIDER_KINDS)[number]

export interface ProviderPreset {
  label: string
  kind: StorageProviderKind
  region: string
  pathStyle: boolean
  /**
   * Whether the SDK may add its default CRC checksums. Since @aws-sdk/client-s3 3.729 it does
   * so on every request, and R2 answers 501 NotImplemented; many other S3-compatible services
   * reject the new headers too, so only AWS and MinIO keep them.
   */
  sdkChecksums: boolean
  endpointRequired: boolean
  endpointHint: string
}

export const PROVIDER_PRESETS: Record<StorageProviderName, ProviderPreset> = {
  s3: {
    label: 'Amazon S3',
    kind: 's3-compatible',
    region: 'us-east-1',
    pathStyle: false,
    sdkChecksums: true,
    endpointRequired: false,
    endpointHint: 'leave empty for AWS; the region picks the endpoint'
  },
  r2: {
    label: 'Cloudflare R2',
    kind: 's3-compatible',
    // R2 has one region for signing purposes: "auto".
    region: 'auto',
    pathStyle: true,
    sdkChecksums: false,
    endpointRequired: true,
    endpointHint: 'https://<account-id>.r2.cloudflarestorage.com'
  },
  minio: {
    label: 'MinIO',
    kind: 's3-compatible',
    region: 'us-east-1',
    // MinIO serves buckets on the path unless a domain is configured for it.
    pathStyle: true,
    sdkChecksums: true,
    endpointRequired: true,
    endpointHint: 'http://nas.local:9000'
  },
  garage: {
    label: 'Garage',
    kind: 's3-compatible',
    // Garage's default s3_region; it refuses requests signed for another one.
    region: 'garage',
    pathStyle: true,
    sdkChecksums: false,
    endpointRequired: true,
    endpointHint: 'http://garage.local:3900'
  },
  b2: {
    label: 'Backblaze B2',
    kind: 's3-compatible',
    // The region is the middle of the endpoint (s3.<region>.backblazeb2.com).
    region: 'us-west-004',
    pathStyle: false,
    sdkChecksums: false,
    endpointRequired: true,
    endpointHint: 'https://s3.us-west-004.backblazeb2.com'
  },
  wasabi: {
    label: 'Wasabi',
    kind: 's3-compatible',
    region: 'us-east-1',
    pathStyle: false,
    sdkChecksums: false,
    endpointRequired: true,
    endpointHint: 'https://s3.us-east-1.wasabisys.com'
  },
  other: {
    label: 'Other S3-compatible',
    kind: 's3-compatible',
    region: 'us-east-1',
    pathStyle: false,
    sdkChecksums: false,
    endpointRequired: true,
    endpointHint: 'the service’s S3 endpoint URL'
  }
}

export const KEY_PREFIX_TOKENS = ['slug', 'jobId', 'title', 'date'] as const
export type KeyPrefixToken = (typeof KEY_PREFIX_TOKENS)[number]
export const DEFAULT_KEY_PREFIX_TEMPLATE = '{slug}/{jobId}'
export const DEFAULT_UPLOAD_PARALLELISM = 8

export const targetNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'A target name uses letters, digits, dot, dash or underscore (at most 63).')

/** Bucket naming rules shared by S3, R2 and MinIO (3–63 chars, lower case, digits, dot, dash). */
export const bucketNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'A bucket name has 3–63 lower-case letters, digits, dots or dashes.')

const httpUrlSchema = z
  .string()
  .url('Give a full URL, e.g. https://example.com')
  .refine((value) => /^https?:\/\//i.test(value), 'The URL must start with http:// or https://')
  // Keys belong in the SecretStore; a URL is shown in lists and messages.
  .refine((value) => !/^https?:\/\/[^/?#]*@/i.test(value), 'Leave user names and passwords out of the URL; give the keys as the access key ID and secret.')

export const keyPrefixTemplateSchema = z
  .string()
  .max(512)
  .refine((template) => template.split('/').some((part) => part.length > 0), 'The key prefix may not be empty: packages would land at the bucket root and overwrite each other.')
  .refine((template) => {
    const tokens = template.match(/\{[^}]*\}/g) ?? []
    return tokens.every((token) => (KEY_PREFIX_TOKENS as readonly string[]).includes(token.slice(1, -1)))
  }, `Unknown token in the key prefix. Use ${KEY_PREFIX_TOKENS.map((t) => `{${t}}`).join(' ')}.`)
  .refine((template) => !template.split('/').some((part) => part === '..' || part === '.'), 'The key prefix may not contain . or .. parts.')

export const targetVisibilitySchema = z.enum(['public', 'private'])
export type TargetVisibility = z.infer<typeof targetVisibilitySchema>

/** A stored target: everything but the credentials. */
export const storageTargetSchema = z.object({
  name: targetNameSchema,
  provider: storageProviderSchema,
  /** Empty only for AWS S3, where the region decides the endpoint. */
  endpoint: httpUrlSchema.optional(),
  region: z.string().min(1).max(64),
  bucket: bucketNameSchema,
  pathStyle: z.boolean(),
  visibility: targetVisibilitySchema,
  /** Remove the local package once it is uploaded and verified. Never the source file. */
  deleteLocalAfterUpload: z.boolean(),
  keyPrefixTemplate: keyPrefixTemplateSchema,
  /** Custom domain or CDN in front of the bucket; published URLs use it when set. */
  publicBaseUrl: httpUrlSchema.optional(),
  /** Objects in flight at once. */
  parallelism: z.number().int().min(1).max(64),
  createdAt: z.string(),
  updatedAt: z.string()
})
export type StorageTarget = z.infer<typeof storageTargetSchema>

export const credentialsInputSchema = z.object({
  accessKeyId: z.string().min(1, 'The access key ID is empty.').max(256),
  secretAccessKey: z.string().min(1, 'The secret access key is empty.').max(1024)
})

/** What a person fills in; provider presets fill the rest. */
export const targetInputSchema = z.object({
  name: targetNameSchema,
  provider: storageProviderSchema,
  endpoint: httpUrlSchema.optional(),
  region: z.string().min(1).max(64).optional(),
  bucket: bucketNameSchema,
  pathStyle: z.boolean().optional(),
  visibility: targetVisibilitySchema.default('public'),
  deleteLocalAfterUpload: z.boolean().default(false),
  keyPrefixTemplate: keyPrefixTemplateSchema.default(DEFAULT_KEY_PREFIX_TEMPLATE),
  publicBaseUrl: httpUrlSchema.optional(),
  parallelism: z.number().int().min(1).max(64).default(DEFAULT_UPLOAD_PARALLELISM)
}).superRefine((input, ctx) => {
  const preset = PROVIDER_PRESETS[input.provider]
  if (preset.endpointRequired && !input.endpoint) {
    ctx.addIssue({ code: 'custom', path: ['endpoint'], message: `${preset.label} needs an endpoint URL (${preset.endpointHint}).` })
  }
})
export type TargetInput = z.input<typeof targetInputSchema>

/** Adding a target from the UI or the contract: the settings plus credentials for the SecretStore. */
export const addTargetInputSchema = z.object({
  target: targetInputSchema,
  credentials: credentialsInputSchema
})
export type AddTargetInput = z.input<typeof addTargetInputSchema>

/** Applies the provider preset to what was given and checks the result. */
export function resolveTargetInput(input: TargetInput, now = new Date()): StorageTarget {
  const parsed = targetInputSchema.parse(input)
  const preset = PROVIDER_PRESETS[parsed.provider]
  const stamp = now.toISOString()
  return storageTargetSchema.parse({
    ...parsed,
    endpoint: parsed.endpoint?.replace(/\/+$/, ''),
    publicBaseUrl: parsed.publicBaseUrl?.replace(/\/+$/, ''),
    // R2 signs with region "auto" whatever is typed; the others take what is given.
    region: parsed.provider === 'r2' ? 'auto' : (parsed.region ?? preset.region),
    pathStyle: parsed.pathStyle ?? preset.pathStyle,
    createdAt: stamp,
    updatedAt: stamp
  })
}

export type ConnectionCheckName = 'endpoint' | 'credentials' | 'bucket' | 'write' | 'delete' | 'cors'

export interface ConnectionCheck {
  name: ConnectionCheckName
  ok: boolean
  /** Plain words: what was found, or what to do about it. */
  detail: string
}

export interface CorsReport {
  /** The bucket's rules allow GET and HEAD of playlists and segments from every origin asked about. */
  allowsPlayback: boolean
  origins: Array<{ origin: string; allowed: boolean }>
  rules: number
  detail: string
}

export interface ConnectionTestResult {
  target: string
  ok: boolean
  checks: ConnectionCheck[]
  cors?: CorsReport
}
