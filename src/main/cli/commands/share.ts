import type { Command } from 'commander'
import { StudioError } from '@shared/errors'
import { createS3Client } from '../../engine/storage/s3-client'
import { keyPrefixFor } from '../../engine/storage/s3-publisher'
import { createShareLink, parseShareExpiry } from '../../engine/storage/share-link'
import { errorFacts, toStorageError } from '../../engine/storage/storage-errors'
import { createHeadlessTargetRegistry } from '../../engine/storage/target-registry'
import { dataDirOf, UsageError, type CliContext, type GlobalOptions } from '../context'
import { locatePackage } from './publish'

export function registerShare(program: Command, ctx: CliContext): void {
  program
    .command('share')
    .description('print a link anyone can play until it expires (at most 7 days), for a published job')
    .argument('<job>', 'a job id (see `hls-studio jobs`) or a package folder holding job.json')
    .option('--expires <duration>', 'how long the link works: e.g. 7d, 36h, 90m (at most 7d)', '7d')
    .option('--target <name>', 'the target it was published to (default: where the queue published it)')
    .option('--json', 'print { url, expiresAt, target, keyPrefix } as JSON')
    .action(async (ref: string, options: { expires: string; target?: string; json?: boolean }, command: Command) => {
      let expiresInSeconds: number
      try {
        expiresInSeconds = parseShareExpiry(options.expires)
      } catch (error) {
        throw new UsageError((error as Error).message)
      }
      const dataDir = dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx)
      const { queued, local } = await locatePackage(ref, dataDir, ctx.cwd)
      const published = queued?.outputs?.published
      const targetName = options.target ?? published?.target ?? queued?.target
      if (!targetName) throw new UsageError(`Say which target job ${ref} was published to: --target <name>.`)
      const registry = createHeadlessTargetRegistry(dataDir, ctx.env)
      const { target, secret } = await registry.resolve(targetName)
      const keyPrefix = published && published.target === targetName ? published.keyPrefix : local ? keyPrefixFor(target, local.manifest) : undefined
      if (!keyPrefix) throw new StudioError('NOT_FOUND', `Job ${ref} was not published to "${targetName}" by the queue and its package is gone, so its keys are unknown.`)

      const client = createS3Client(target, secret)
      try {
        const link = await createShareLink({ client, target, keyPrefix, expiresInSeconds }).catch((error: unknown) => {
          if (errorFacts(error).name === 'NoSuchKey') {
            throw new StudioError('NOT_FOUND', `Nothing is published under ${keyPrefix}/ on "${targetName}". Publish it first: hls-studio publish ${ref} --upload ${targetName}`)
          }
          throw toStorageError(error, { target, action: `writing a share link under ${keyPrefix}/` })
        })
        if (options.json) {
          ctx.streams.stdout.write(`${JSON.stringify({ url: link.url, expiresAt: link.expiresAt, target: targetName, keyPrefix: link.keyPrefix })}\n`)
        } else {
          ctx.streams.stderr.write(`Anyone with this link can play the video until ${link.expiresAt}:\n`)
          ctx.streams.stdout.write(`${link.url}\n`)
        }
      } finally {
        client.destroy()
      }
    })
}
