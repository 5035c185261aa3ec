import type { CommandInput, CommandName, CommandResult, StudioHandlers } from '@shared/contract'
import { dispatchCommand } from '@shared/dispatch'
import type { DescribeFailure } from '../../engine/logging/internal-error'
import { ApiError } from './api-errors'

/** What the routes of `/api/v1` work with: the contract's handlers, as the page and the CLI use them. */
export interface ApiDeps {
  handlers: StudioHandlers
  describeFailure?: DescribeFailure
}

/**
 * Runs one contract command through the shared dispatcher (the same validation and the same
 * handler as the page's WebSocket) and answers its value, or throws its refusal as an ApiError.
 */
export async function invoke<N extends CommandName>(deps: ApiDeps, name: N, input: CommandInput<N>): Promise<CommandResult<N>> {
  const outcome = await dispatchCommand(deps.handlers, name, input, deps.describeFailure)
  if (!outcome.ok) throw ApiError.fromStudio(outcome.error)
  return outcome.value as CommandResult<N>
}
