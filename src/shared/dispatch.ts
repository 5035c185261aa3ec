/**
 * The one door every command comes through, whichever transport carried it (Electron IPC or
 * the WebSocket of `serve`): it checks the name against STUDIO_COMMANDS, validates the input
 * with the command's zod schema, runs the handler and wraps the answer in a CommandOutcome.
 * It never throws, so a malformed message cannot take the engine down.
 */
import { isCommandName, STUDIO_COMMANDS, type CommandName, type CommandOutcome, type StudioHandlers } from './contract'
import { toErrorValue, type StudioErrorValue } from './errors'
import { describeZodError } from './zod-errors'

export type ValidatedCall = { ok: true; name: CommandName; args: unknown } | { ok: false; error: StudioErrorValue }

/** Checks a call without running it: the name must be a command, the input must match its schema. */
export function validateCall(name: unknown, input: unknown): ValidatedCall {
  if (!isCommandName(name)) {
    const shown = typeof name === 'string' ? `"${name.slice(0, 80)}"` : 'a command without a name'
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `The studio has no command ${shown}.` } }
  }
  const parsed = STUDIO_COMMANDS[name].input.safeParse(input)
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `${name}: ${describeZodError(parsed.error)}` } }
  }
  return { ok: true, name, args: parsed.data }
}

/** Long enough for an ffmpeg stderr tail, short enough that one failure cannot flood a window. */
const MAX_MESSAGE_CHARS = 4000

/**
 * What a handler's failure becomes: a code and plain words, never a stack, a cause or a secret.
 * `describe` is the front end's (it logs an internal error and says where the log is).
 */
export function handlerFailure(error: unknown, describe: (error: unknown) => StudioErrorValue = toErrorValue): StudioErrorValue {
  const { code, message } = describe(error)
  return { code, message: message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message }
}

/**
 * Validates and runs one command. Handlers see only inputs their schema accepted (defaults
 * applied); whatever they throw comes back as `{ ok: false, error }`.
 */
export async function dispatchCommand(
  handlers: StudioHandlers,
  name: unknown,
  input: unknown,
  describe?: (error: unknown, context: { command: CommandName }) => StudioErrorValue
): Promise<CommandOutcome<unknown>> {
  const call = validateCall(name, input)
  if (!call.ok) return call
  // The schema just accepted `args` for this very name, so the handler's parameter type holds.
  const handler = handlers[call.name] as (args: unknown) => Promise<unknown>
  try {
    return { ok: true, value: await handler(call.args) }
  } catch (error) {
    return { ok: false, error: handlerFailure(error, describe && ((e) => describe(e, { command: call.name }))) }
  }
}
