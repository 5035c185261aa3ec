import type { Command } from 'commander'
import { dataDirOf, UsageError, type CliContext, type GlobalOptions } from '../context'

async function storeFor(command: Command, ctx: CliContext) {
  // Loaded on use: `hls-studio --help` stays fast.
  const { WebhookStore } = await import('../../engine/automation/webhook-store')
  return new WebhookStore(dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx))
}

export function registerWebhooks(program: Command, ctx: CliContext): void {
  const webhooks = program.command('webhooks').description('endpoints serve POSTs job events to, signed with HMAC-SHA256')

  webhooks
    .command('add')
    .description('add an endpoint and print its signing secret, once')
    .argument('<url>', 'the http(s) URL to POST events to')
    .option('--events <names>', 'comma-separated: job-update, job-completed, job-failed, job-cancelled (default: all but job-update)')
    .option('--allow-private-urls', 'allow an endpoint on loopback, private or link-local addresses')
    .option('--json', 'print the webhook, secret included, as JSON')
    .action(async (url: string, options: { events?: string; allowPrivateUrls?: boolean; json?: boolean }, command: Command) => {
      const { parseWebhookEvents } = await import('../../engine/automation/webhook-store')
      const events = parseWebhookEvents(options.events)
      if (!options.allowPrivateUrls) {
        const { checkEndpointAddress } = await import('../../engine/automation/endpoint-address')
        // A usage error (exit 2), like every refused argument.
        await checkEndpointAddress(url).catch((error: Error) => {
          throw new UsageError(error.message)
        })
      }
      const webhook = await (await storeFor(command, ctx)).add(url, events)
      if (options.json) return void ctx.streams.stdout.write(`${JSON.stringify(webhook)}\n`)
      ctx.streams.stdout.write(`${webhook.secret}\n`)
      ctx.streams.stderr.write(`Webhook ${webhook.id} added for ${events.join(', ')}. The line above is its signing secret: copy it now, it is not shown again.\n`)
    })

  webhooks
    .command('list')
    .description('list the endpoints (never their secrets)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await (await storeFor(command, ctx)).list()
      if (options.json) return void ctx.streams.stdout.write(`${JSON.stringify(list)}\n`)
      if (!list.length) return void ctx.streams.stdout.write('No webhooks yet. Add one with `hls-studio webhooks add <url>`.\n')
      for (const webhook of list) ctx.streams.stdout.write(`${webhook.id}  ${webhook.url}  ${webhook.events.join(',')}\n`)
    })

  webhooks
    .command('remove')
    .description('stop sending events to an endpoint')
    .argument('<id>', 'the webhook’s id (or its URL when only one goes there)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const removed = await (await storeFor(command, ctx)).remove(id)
      ctx.streams.stdout.write(`Removed ${removed.id} (${removed.url}).\n`)
    })
}
