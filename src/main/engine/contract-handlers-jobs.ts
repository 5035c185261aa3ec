import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { StudioHandlerDeps } from './contract-handlers'

type JobCommands =
  | 'jobs.list' | 'jobs.get' | 'jobs.add' | 'jobs.cancel' | 'jobs.retry' | 'jobs.retryUpload' | 'jobs.remove' | 'jobs.move' | 'jobs.log'
  | 'batches.list' | 'queue.get' | 'queue.pause' | 'queue.resume' | 'watch.list' | 'watch.add' | 'watch.remove'

/** The queue's side of the contract: jobs, batches, the queue itself and watch folders. */
export function jobHandlers({ studio, settings }: StudioHandlerDeps): Pick<StudioHandlers, JobCommands> {
  return {
    'jobs.list': async () => studio.listJobs(),
    'jobs.get': async ({ id }) => studio.getJob(id),
    'jobs.add': async ({ settings: encode, outputDir, target, ...rest }) => {
      // What the drop leaves out, Settings decide.
      const current = settings.get()
      return studio.addJobs({
        ...rest,
        settings: encode ?? current.encode,
        outputDir: outputDir ?? current.outputDir,
        target: target === null ? undefined : (target ?? current.defaultTarget)
      })
    },
    'jobs.cancel': ({ id }) => studio.cancelJob(id),
    'jobs.retry': ({ id }) => studio.retryJob(id),
    'jobs.retryUpload': ({ id }) => studio.retryUpload(id),
    'jobs.remove': async ({ id, deleteOutputs }) => {
      await studio.removeJob(id, { deleteOutput: deleteOutputs })
      return { removed: id }
    },
    'jobs.move': ({ id, toIndex }) => studio.moveJob(id, toIndex),
    'jobs.log': async ({ id, tail }) => {
      const lines = (await studio.readJobLog(id)).split('\n')
      if (lines.at(-1) === '') lines.pop()
      return lines.slice(-tail)
    },
    'batches.list': async () => studio.listBatches(),
    'queue.get': async () => studio.queueState(),
    'queue.pause': () => studio.pauseQueue(),
    'queue.resume': () => studio.resumeQueue(),
    'watch.list': async () => studio.listWatchFolders(),
    'watch.add': (input) => studio.watchFolder({ ...input, outputDir: input.outputDir ?? settings.get().outputDir }),
    'watch.remove': async ({ path }) => {
      const known = studio.listWatchFolders().some((f) => f.path === path)
      if (!known) throw new StudioError('NOT_FOUND', `${path} is not being watched.`)
      await studio.unwatchFolder(path)
      return { removed: path }
    }
  }
}
