import { describe, expect, it } from 'vitest'
import { StudioError } from '../../../src/shared/errors'
import { failureDescriber, internalErrorMessage } from '../../../src/main/engine/logging/internal-error'
import { scrubSecrets } from '../../../src/main/engine/logging/redact'
import { createStudioLog } from '../../../src/main/engine/logging/studio-log'
import { shouldRetry, DEFAULT_RETRY_POLICY } from '../../../src/main/engine/queue/retry-policy'

function memoryLog(level: 'info' | 'debug' = 'info') {
  const lines: string[] = []
  const log = createStudioLog({ level, destinations: [{ stream: { write: (line: string) => void lines.push(line) } }], location: '/data/studio.log' })
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) }
}

describe('the studio log', () => {
  it('censors secret fields by name, at the top level and nested', () => {
    const { log, lines } = memoryLog()
    log.logger.info({ token: 'tok-123456', credentials: { secretAccessKey: 'sk-abcdef' }, target: { secretAccessKey: 'sk-nested', name: 'vault' } }, 'saved')
    const text = lines.join('')
    for (const secret of ['tok-123456', 'sk-abcdef', 'sk-nested']) expect(text).not.toContain(secret)
    expect(text).toContain('"name":"vault"')
  })

  it('scrubs secrets out of free text: signed URL queries, Bearer headers, login fragments, session cookies', () => {
    const { log, lines } = memoryLog()
    const signed = 'https://b.example/k/seg0.ts?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F2026&X-Amz-Signature=deadbeef1234'
    log.logger.warn({ url: signed }, `fetching ${signed} with Bearer abc.def-ghi and http://h:1/#token=login-secret-1 cookie hls_studio_session_8686=sess-secret-2`)
    const text = lines.join('')
    for (const secret of ['deadbeef1234', 'AKIA%2F2026', 'abc.def-ghi', 'login-secret-1', 'sess-secret-2']) expect(text, secret).not.toContain(secret)
    expect(text).toContain('seg0.ts?X-Amz-Algorithm=[redacted]')
  })

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('encoded v0/index.m3u8 at 1280x720 (token bucket empty)')).toBe('encoded v0/index.m3u8 at 1280x720 (token bucket empty)')
  })
})

describe('internal errors', () => {
  it('are logged with their stack and cause, and shown in plain words naming the log', () => {
    const { log, records } = memoryLog()
    const cause = new Error('EACCES: permission denied, open /data/studio.json')
    const bug = new TypeError("Cannot read properties of undefined (reading 'rungs')", { cause })
    const shown = failureDescriber(log)(bug, { jobId: 'job-1' })
    expect(shown).toEqual({ code: 'INTERNAL', message: internalErrorMessage('/data/studio.log') })
    expect(shown.message).toBe('Something went wrong inside the studio; the log at /data/studio.log has the details.')
    const [record] = records()
    expect(record).toMatchObject({ level: 50, jobId: 'job-1' })
    expect(record!.err.type).toBe('TypeError')
    expect(record!.err.stack).toContain('studio-log.test.ts')
    expect(JSON.stringify(record!.err)).toContain('EACCES: permission denied')
  })

  it('a failure a person can act on passes through as it is, and is not logged as a bug', () => {
    const { log, lines } = memoryLog()
    const shown = failureDescriber(log)(new StudioError('NOT_MEDIA', 'notes.txt is not a video or audio file.'))
    expect(shown).toEqual({ code: 'NOT_MEDIA', message: 'notes.txt is not a video or audio file.' })
    expect(lines).toEqual([])
  })

  it('are not retried: a bug fails the same way every time', () => {
    expect(shouldRetry({ code: 'INTERNAL', message: 'x' }, 1, DEFAULT_RETRY_POLICY)).toBe(false)
    expect(shouldRetry({ code: 'STORAGE_FAILED', message: 'x' }, 1, DEFAULT_RETRY_POLICY)).toBe(true)
  })
})
