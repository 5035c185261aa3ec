import type { Command } from 'commander'
import { dataDirOf, type CliContext, type GlobalOptions } from '../context'

async function storeFor(command: Command, ctx: CliContext) {
  // Loaded on use: `hls-studio --help` stays fast.
  const { ApiTokenStore } = await import('../../engine/automation/api-tokens')
  return new ApiTokenStore(dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx))
}

export function registerTokens(program: Command, ctx: CliContext): void {
  const tokens = program.command('tokens').description('API tokens for scripts and other machines (serve’s /api/v1, as Authorization: Bearer)')

  tokens
    .command('add')
    .description('make a token and print it, once: only its hash is kept')
    .argument('<name>', 'what it is for, e.g. nas or ci')
    .option('--json', 'print { name, token } as JSON')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const made = await (await storeFor(command, ctx)).add(name)
      if (options.json) return void ctx.streams.stdout.write(`${JSON.stringify(made)}\n`)
      ctx.streams.stdout.write(`${made.token}\n`)
      ctx.streams.stderr.write(`Token "${name}" made. Copy it now: it is not shown again. Send it as Authorization: Bearer <token>.\n`)
    })

  tokens
    .command('list')
    .description('list the tokens by name (never the tokens themselves)')
    .option('--json', 'print the list as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await (await storeFor(command, ctx)).list()
      if (options.json) return void ctx.streams.stdout.write(`${JSON.stringify(list)}\n`)
      if (!list.length) return void ctx.streams.stdout.write('No API tokens yet. Make one with `hls-studio tokens add <name>`.\n')
      for (const token of list) ctx.streams.stdout.write(`${token.name}  (made ${token.createdAt})\n`)
    })

  tokens
    .command('revoke')
    .description('revoke a token: a running serve refuses it from its next request')
    .argument('<name>', 'the token’s name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await (await storeFor(command, ctx)).revoke(name)
      ctx.streams.stdout.write(`Revoked "${name}".\n`)
    })
}
