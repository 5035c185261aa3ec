import { describe, expect, it } from 'vitest'
import { COMMAND_NAMES, type StudioHandlers } from '../../../src/shared/contract'
import { dispatchCommand, validateCall } from '../../../src/shared/dispatch'
import { StudioError } from '../../../src/shared/errors'

const JOB = 'job-0f0e0d0c-0b0a-4909-8807-060504030201'

/** Handlers that record what they were given; each command answers with its own name. */
function recordingHandlers(calls: Array<{ name: string; args: unknown }>, override: Partial<Record<string, (args: unknown) => Promise<unknown>>> = {}): StudioHandlers {
  const handlers: Record<string, (args: unknown) => Promise<unknown>> = {}
  for (const name of COMMAND_NAMES) {
    handlers[name] = override[name] ?? (async (args) => {
      calls.push({ name, args })
      return { answeredBy: name }
    })
  }
  return handlers as unknown as StudioHandlers
}

describe('dispatchCommand', () => {
  it('runs a known command with its validated input, defaults applied', async () => {
    const calls: Array<{ name: string; args: unknown }> = []
    const outcome = await dispatchCommand(recordingHandlers(calls), 'jobs.log', { id: JOB })
    expect(outcome).toEqual({ ok: true, value: { answeredBy: 'jobs.log' } })
    expect(calls).toEqual([{ name: 'jobs.log', args: { id: JOB, tail: 200 } }])
  })

  it('answers UNKNOWN_COMMAND for a name the contract does not declare, without calling anything', async () => {
    const calls: Array<{ name: string; args: unknown }> = []
    for (const name of ['jobs.explode', 'constructor', '__proto__', 'toString', 42, undefined]) {
      const outcome = await dispatchCommand(recordingHandlers(calls), name, {})
      expect(outcome.ok).toBe(false)
      if (!outcome.ok) expect(outcome.error.code).toBe('UNKNOWN_COMMAND')
    }
    expect(calls).toEqual([])
  })

  it('answers INVALID_INPUT naming the field, and never reaches the handler', async () => {
    const calls: Array<{ name: string; args: unknown }> = []
    const bad = await dispatchCommand(recordingHandlers(calls), 'jobs.get', { id: 'not-a-job' })
    expect(bad).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: 'jobs.get: ✖ A job id looks like job-<uuid>.\n  → at id' } })
    const nested = await dispatchCommand(recordingHandlers(calls), 'targets.save', {
      target: { name: 'r2', provider: 'r2', bucket: 'Bad_Bucket' },
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' }
    })
    expect(nested.ok).toBe(false)
    if (!nested.ok) {
      expect(nested.error.code).toBe('INVALID_INPUT')
      expect(nested.error.message).toMatch(/✖ A bucket name has[^\n]*\n  → at target\.bucket/)
    }
    const extra = await dispatchCommand(recordingHandlers(calls), 'queue.pause', { surprise: true })
    expect(extra.ok).toBe(false)
    const notObject = await dispatchCommand(recordingHandlers(calls), 'jobs.get', 'job-1')
    expect(notObject.ok).toBe(false)
    expect(calls).toEqual([])
  })

  it('turns a thrown StudioError into its code and message, and anything else into INTERNAL without a stack', async () => {
    const handlers = recordingHandlers([], {
      'jobs.get': async () => {
        throw new StudioError('NOT_FOUND', 'There is no job job-x.')
      },
      'queue.get': async () => {
        throw new TypeError('boom')
      }
    })
    expect(await dispatchCommand(handlers, 'jobs.get', { id: JOB })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no job job-x.' } })
    const internal = await dispatchCommand(handlers, 'queue.get', undefined)
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } })
    expect(JSON.stringify(internal)).not.toContain('at ')
  })

  it('accepts a command without input both as undefined and as an empty object', () => {
    expect(validateCall('jobs.list', undefined).ok).toBe(true)
    expect(validateCall('jobs.list', {}).ok).toBe(true)
  })
})
