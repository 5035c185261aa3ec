import type { App, Dialog } from 'electron'
import { ACTIVE_STATUSES, type Job } from '@shared/job'

/**
 * Quitting while jobs run asks first. Then ffmpeg is stopped and the queue is left on disk
 * (every unfinished job stays queued and runs again at the next start), and only then does
 * the app really quit.
 */
export function guardQuit(app: Pick<App, 'on' | 'quit'>, dialog: Pick<Dialog, 'showMessageBox'>, studio: { jobs: () => Job[]; shutdown: () => Promise<void> }): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running'
  app.on('before-quit', (event) => {
    if (state === 'stopped') return
    event.preventDefault()
    if (state === 'stopping') return
    const running = studio.jobs().filter((j) => ACTIVE_STATUSES.has(j.status)).length
    const ask = running
      ? dialog.showMessageBox({
          type: 'question',
          buttons: ['Quit', 'Keep Encoding'],
          defaultId: 1,
          cancelId: 1,
          message: `${running === 1 ? 'A job is' : `${running} jobs are`} still running.`,
          detail: 'If you quit now, they stop and start again the next time you open HLS Studio.'
        })
      : Promise.resolve({ response: 0 })
    void ask.then(async ({ response }) => {
      if (response !== 0) return
      state = 'stopping'
      // The person chose to quit: a shutdown that fails still quits (unfinished jobs are on disk, queued).
      await studio.shutdown().catch(() => undefined)
      state = 'stopped'
      app.quit()
    })
  })
}
