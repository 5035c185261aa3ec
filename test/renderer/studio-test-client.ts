import type { CommandInput, CommandName, CommandResult, StudioClient } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { StudioEvent, StudioEventType } from '@shared/events'

type Handler = (input: unknown) => unknown

/**
 * The window side of the contract for component tests: commands answer from handlers the test
 * gives (an unhandled one rejects, as the engine rejects an unknown command), every call is
 * recorded, and `emit` pushes events exactly as the transports deliver them.
 */
export class StudioTestClient implements StudioClient {
  readonly calls: Array<{ name: CommandName; input: unknown }> = []
  private readonly listeners = new Map<StudioEventType, Set<(event: StudioEvent) => void>>()

  constructor(private readonly handlers: Partial<Record<CommandName, Handler>> = {}) {}

  handle<N extends CommandName>(name: N, handler: (input: CommandInput<N>) => CommandResult<N> | Promise<CommandResult<N>>): this {
    this.handlers[name] = handler as Handler
    return this
  }

  invoke = (async (name: CommandName, input?: unknown) => {
    this.calls.push({ name, input })
    const handler = this.handlers[name]
    if (!handler) throw new StudioError('UNKNOWN_COMMAND', `No handler for ${name} in this test.`)
    return handler(input)
  }) as StudioClient['invoke']

  on: StudioClient['on'] = (type, listener) => {
    let set = this.listeners.get(type)
    if (!set) this.listeners.set(type, (set = new Set()))
    set.add(listener as (event: StudioEvent) => void)
    return () => set.delete(listener as (event: StudioEvent) => void)
  }

  emit(event: StudioEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event)
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0)
  }

  callsOf(name: CommandName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input)
  }
}
