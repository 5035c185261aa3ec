import { StudioError } from '@shared/errors'

/**
 * Why a job's signal was aborted when the studio itself stops (quit, Ctrl-C, serve stopping),
 * as opposed to a person cancelling it: the job runs again on the next start, so a long video
 * keeps its finished chunks. Anything that throws the signal's reason throws a CANCELLED error.
 */
export class StudioStopping extends StudioError {
  constructor() {
    super('CANCELLED', 'The studio is stopping; the job runs again on the next start.')
  }
}

export function stoppedByStudio(signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted && signal.reason instanceof StudioStopping)
}
