import type { Command } from 'commander'
import { isStorageProviderName, STORAGE_PROVIDERS } from '@shared/provider-names'
import type { AddTargetInput, ConnectionTestResult, StorageTarget } from '@shared/targets'
import type { TargetRegistry } from '../../engine/storage/target-registry'
import { dataDirOf, UsageError, type CliContext, type GlobalOptions } from '../context'

interface AddOptions {
  provider: string
  endpoint?: string
  region?: string
  bucket: string
  accessKeyId: string
  secretStdin?: boolean
  secretEnv?: string
  pathStyle?: boolean
  publicBaseUrl?: string
  prefix?: string
  private?: boolean
  deleteLocal?: boolean
  parallelism?: string
  test?: boolean
}

/** The secret from a pipe, or typed at a terminal without echo. Never from a flag: flags end up in shell history and `ps`. */
async function readSecretFromStdin(ctx: CliContext): Promise<string> {
  const stdin = process.stdin
  if (stdin.isTTY) {
    ctx.streams.stderr.write('Secret access key (not shown): ')
    stdin.setRawMode(true)
    const secret = await new Promise<string>((resolve, reject) => {
      let typed = ''
      const onData = (chunk: Buffer): void => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') return finish(() => resolve(typed))
          if (char === '\u0003') return finish(() => reject(new UsageError('Cancelled.')))
          typed = char === '\u007f' ? typed.slice(0, -1) : typed + char
        }
      }
      const finish = (settle: () => void): void => {
        stdin.off('data', onData)
        stdin.setRawMode(false)
        stdin.pause()
        ctx.streams.stderr.write('\n')
        settle()
      }
      stdin.on('data', onData)
      stdin.resume()
    })
    return secret
  }
  const chunks: Buffer[] = []
  for await (const chunk of stdin) chunks.push(chunk as Buffer)
  // `echo secret | …` adds a newline that is not part of the key.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

async function secretFrom(options: AddOptions, ctx: CliContext): Promise<string> {
  if (Boolean(options.secretStdin) === Boolean(options.secretEnv)) {
    throw new UsageError('Give the secret access key with exactly one of --secret-stdin or --secret-env VAR.')
  }
  if (options.secretEnv) {
    const value = ctx.env[options.secretEnv]
    if (!value) throw new UsageError(`The environment variable ${options.secretEnv} is empty or not set.`)
    return value
  }
  const secret = await readSecretFromStdin(ctx)
  if (!secret) throw new UsageError('No secret access key arrived on standard input.')
  return secret
}

function describeTarget(target: StorageTarget, keys: string): string[] {
  return [
    `${target.name}  (${target.provider}${target.visibility === 'private' ? ', private' : ''})`,
    `  bucket     ${target.bucket} at ${target.endpoint ?? `AWS S3 ${target.region}`}${target.pathStyle ? ' (path-style)' : ''}, region ${target.region}`,
    `  keys       ${target.keyPrefixTemplate}/…${target.publicBaseUrl ? `, public URLs on ${target.publicBaseUrl}` : ''}`,
    `  uploads    ${target.parallelism} at once${target.deleteLocalAfterUpload ? ', local package deleted after upload' : ''}`,
    `  secret     ${keys}`
  ]
}

function printTest(result: ConnectionTestResult, ctx: CliContext): void {
  for (const check of result.checks) ctx.streams.stdout.write(`${check.ok ? '✓' : '✗'} ${check.name.padEnd(12)} ${check.detail}\n`)
  ctx.streams.stdout.write(result.ok ? `Target "${result.target}" is ready.\n` : `Target "${result.target}" is not ready.\n`)
}

/** The same StorageProvider test the windows run (Settings → Test connection). */
async function runTest(command: Command, ctx: CliContext, name: string, options: { applyCors?: boolean; origin?: string[] }): Promise<ConnectionTestResult> {
  // Loaded here, not at start-up: `hls-studio --help` should not pay for the AWS SDK.
  const { createStudioStorage } = await import('../../engine/storage/studio-storage')
  const storage = createStudioStorage({ dataDir: dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx), env: ctx.env })
  try {
    return await storage.provider.testConnection(name, { applyCors: options.applyCors, origins: options.origin })
  } finally {
    storage.provider.close()
  }
}

async function registryFor(command: Command, ctx: CliContext): Promise<TargetRegistry> {
  const { createHeadlessTargetRegistry } = await import('../../engine/storage/target-registry')
  return createHeadlessTargetRegistry(dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx), ctx.env)
}

export function registerTargets(program: Command, ctx: CliContext): void {
  const targets = program.command('targets').description('storage targets packages are published to (S3, R2, MinIO, …)')

  targets
    .command('add')
    .description('add or replace a storage target; its secret goes to the secret store, never to the target list')
    .argument('<name>', 'a short name, e.g. lab or r2-videos')
    .requiredOption('--provider <provider>', `one of ${STORAGE_PROVIDERS.join(', ')}`)
    .option('--endpoint <url>', 'the S3 endpoint (not needed for AWS S3)')
    .option('--region <region>', 'signing region (R2 always uses auto)')
    .requiredOption('--bucket <bucket>', 'the bucket')
    .requiredOption('--access-key-id <id>', 'the access key id')
    .option('--secret-stdin', 'read the secret access key from standard input')
    .option('--secret-env <var>', 'take the secret access key from this environment variable')
    .option('--path-style', 'put the bucket in the path, not the host name (MinIO: on by default)')
    .option('--public-base-url <url>', 'custom domain or CDN in front of the bucket; published URLs use it')
    .option('--prefix <template>', 'key prefix template with {slug} {jobId} {title} {date}', '{slug}/{jobId}')
    .option('--private', 'the bucket is private: play through the local proxy or share links')
    .option('--delete-local', 'delete the local package once it is uploaded and verified (never the source)')
    .option('--parallelism <n>', 'files uploaded at once', '8')
    .option('--test', 'test the connection right after saving')
    .action(async (name: string, options: AddOptions, command: Command) => {
      const provider = options.provider
      if (!isStorageProviderName(provider)) throw new UsageError(`--provider must be one of ${STORAGE_PROVIDERS.join(', ')}.`)
      const parallelism = Number(options.parallelism ?? 8)
      const secretAccessKey = await secretFrom(options, ctx)
      const registry = await registryFor(command, ctx)
      const input: AddTargetInput = {
        target: {
          name,
          provider,
          endpoint: options.endpoint,
          region: options.region,
          bucket: options.bucket,
          pathStyle: options.pathStyle ? true : undefined,
          visibility: options.private ? 'private' : 'public',
          deleteLocalAfterUpload: Boolean(options.deleteLocal),
          keyPrefixTemplate: options.prefix,
          publicBaseUrl: options.publicBaseUrl,
          parallelism
        },
        credentials: { accessKeyId: options.accessKeyId, secretAccessKey }
      }
      let saved: StorageTarget
      try {
        saved = await registry.add(input)
      } catch (error) {
        const [{ z }, { describeZodError }] = await Promise.all([import('zod'), import('@shared/zod-errors')])
        if (error instanceof z.ZodError) throw new UsageError(describeZodError(error))
        throw error
      }
      ctx.streams.stdout.write(`Saved target "${saved.name}"; its secret is in the ${registry.secrets.kind === 'os-encrypted' ? 'OS keychain' : '0600 secret file'}.\n`)
      if (options.test) {
        const result = await runTest(command, ctx, name, {})
        printTest(result, ctx)
        if (!result.ok) ctx.exitCode = 1
      }
    })

  targets
    .command('list')
    .description('list the storage targets (never their secrets)')
    .option('--json', 'print the targets as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const registry = await registryFor(command, ctx)
      const list = await registry.list()
      for (const notice of await registry.notices()) ctx.streams.stderr.write(`warning: ${notice}\n`)
      if (options.json) return void ctx.streams.stdout.write(`${JSON.stringify(list)}\n`)
      if (!list.length) return void ctx.streams.stdout.write('No targets yet. Add one with `hls-studio targets add <name> --provider … --bucket … --access-key-id … --secret-stdin`.\n')
      for (const target of list) {
        const keys = (await registry.secrets.get(target.name)) ? 'stored' : 'missing (set HLS_STUDIO_S3_ACCESS_KEY_ID / HLS_STUDIO_S3_SECRET_ACCESS_KEY or add it again)'
        ctx.streams.stdout.write(`${describeTarget(target, keys).join('\n')}\n`)
      }
    })

  targets
    .command('test')
    .description('check endpoint, keys, bucket, write and delete; report CORS for players')
    .argument('<name>', 'the target')
    .option('--apply-cors', 'add the studio’s CORS rule (GET/HEAD from the origins) to the bucket')
    .option('--origin <origin...>', 'origins whose players must reach the bucket (default: any website)')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, options: { applyCors?: boolean; origin?: string[]; json?: boolean }, command: Command) => {
      const result = await runTest(command, ctx, name, options)
      if (options.json) ctx.streams.stdout.write(`${JSON.stringify(result)}\n`)
      else printTest(result, ctx)
      if (!result.ok) ctx.exitCode = 1
    })

  targets
    .command('remove')
    .description('forget a target and its secret (nothing in the bucket is touched)')
    .argument('<name>', 'the target')
    .action(async (name: string, _options: unknown, command: Command) => {
      const removed = await (await registryFor(command, ctx)).remove(name)
      if (!removed) {
        ctx.streams.stderr.write(`There is no target named "${name}".\n`)
        ctx.exitCode = 1
        return
      }
      ctx.streams.stdout.write(`Removed target "${name}".\n`)
    })
}
