import type { Command } from 'commander'
import { dataDirOf, UsageError, type CliContext, type GlobalOptions } from '../context'

export function registerShare(program: Command, ctx: CliContext): void {
  program
    .command('share')
    .description('print a link anyone can play until it expires (at most 7 days), for a published job')
    .argument('<job>', 'a job id (see `hls-studio jobs`) or a package folder holding job.json')
    .option('--expires <duration>', 'how long the link works: e.g. 7d, 36h, 90m (at most 7d)', '7d')
    .option('--target <name>', 'the target it was published to (default: where the queue published it)')
    .option('--mp4', 'a link to the MP4 download (made with encode --mp4) instead of the HLS')
    .option('--json', 'print { url, expiresAt, target, keyPrefix } as JSON')
    .action(async (ref: string, options: { expires: string; target?: string; mp4?: boolean; json?: boolean }, command: Command) => {
      // Loaded here, not at start-up: `hls-studio --help` should not pay for the AWS SDK.
      const [{ parseShareExpiry }, { readStudioSnapshot }, { createStudioStorage }, { locatePackage }, { sharePackage }] = await Promise.all([
        import('../../engine/storage/share-link'),
        import('../../engine/queue/snapshot'),
        import('../../engine/storage/studio-storage'),
        import('../../engine/use-cases/locate-package'),
        import('../../engine/use-cases/share-package')
      ])
      let expiresInSeconds: number
      try {
        expiresInSeconds = parseShareExpiry(options.expires)
      } catch (error) {
        throw new UsageError((error as Error).message)
      }
      const dataDir = dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx)
      const located = await locatePackage(ref, (await readStudioSnapshot(dataDir)).jobs, { cwd: ctx.cwd, dataDir })
      const storage = createStudioStorage({ dataDir, env: ctx.env })
      try {
        const link = await sharePackage(storage.provider, { located, targetName: options.target, expiresInSeconds, ref, mp4: options.mp4 })
        if (options.json) {
          ctx.streams.stdout.write(`${JSON.stringify({ url: link.url, expiresAt: link.expiresAt, target: link.target, keyPrefix: link.keyPrefix })}\n`)
        } else {
          ctx.streams.stderr.write(`Anyone with this link can ${options.mp4 ? 'download the MP4' : 'play the video'} until ${link.expiresAt}:\n`)
          ctx.streams.stdout.write(`${link.url}\n`)
        }
      } finally {
        storage.provider.close()
      }
    })
}
