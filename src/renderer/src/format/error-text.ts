import type { StudioErrorValue } from '@shared/errors'

/** Anything a command rejected with, as a sentence a person can act on. */
export function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const message = (error as { message: unknown }).message
    if (typeof message === 'string' && message.trim()) return message.trim()
  }
  if (typeof error === 'string' && error.trim()) return error.trim()
  return 'Something went wrong and the studio gave no reason. Try again; if it keeps happening, read the job log.'
}

export function errorCode(error: unknown): StudioErrorValue['code'] | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    if (typeof code === 'string') return code as StudioErrorValue['code']
  }
  return undefined
}
