import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { EncodeSettings } from '@shared/settings'
import { checkOutputDir, checkSourcePath, FULL_ACCESS, type AccessPolicy } from './access-policy'
import type { StudioHandlerDeps } from './contract-handlers'

type JobCommands =
  | 'jobs.list' | 'jobs.get' | 'jobs.add' | 'jobs.cancel' | 'jobs.retry' | 'jobs.retryUpload' | 'jobs.remove' | 'jobs.move' | 'jobs.log'
  | 'batches.list' | 'queue.get' | 'queue.pause' | 'queue.resume' | 'watch.list' | 'watch.add' | 'watch.remove'

/** Refuses what a confined client may not read or write: local sources, a subtitle file, the output folder. */
export function checkJobAccess(policy: AccessPolicy, job: { sources: readonly string[]; outputDir: string; settings?: EncodeSettings }): void {
  for (const source of job.sources) checkSourcePath(policy, source)
  if (job.settings?.subtitles) checkSourcePath(policy, job.settings.subtitles.path, 'subtitle file')
  checkOutputDir(policy, job.outputDir)
}

/** The queue's side of the contract: jobs, batches, the queue itself and watch folders. */
export function jobHandlers({ studio, settings, policy = FULL_ACCESS }: StudioHandlerDeps): Pick<StudioHandlers, JobCommands> {
  return {
    'jobs.list': async () => studio.jobs.list(),
    'jobs.get': async ({ id }) => studio.jobs.get(id),
    'jobs.add': async ({ settings: encode, outputDir, target, ...rest }) => {
      // What the drop leaves out, Settings decide.
      const current = settings.get()
      const job = { ...rest, settings: encode ?? current.encode, outputDir: outputDir ?? current.outputDir }
      checkJobAccess(policy, job)
      return studio.jobs.add({ ...job, target: target === null ? undefined : (target ?? current.defaultTarget) })
    },
    'jobs.cancel': ({ id }) => studio.jobs.cancel(id),
    'jobs.retry': ({ id }) => studio.jobs.retry(id),
    'jobs.retryUpload': ({ id }) => studio.jobs.retryUpload(id),
    'jobs.remove': async ({ id, deleteOutputs }) => {
      await studio.jobs.remove(id, { deleteOutputs })
      return { removed: id }
    },
    'jobs.move': ({ id, toIndex }) => studio.jobs.move(id, toIndex),
    'jobs.log': async ({ id, tail }) => {
      const lines = (await studio.jobs.readLog(id)).split('\n')
      if (lines.at(-1) === '') lines.pop()
      return lines.slice(-tail)
    },
    'batches.list': async () => studio.jobs.batches(),
    'queue.get': async () => studio.jobs.state(),
    'queue.pause': () => studio.jobs.pause(),
    'queue.resume': () => studio.jobs.resume(),
    'watch.list': async () => studio.watchFolders.list(),
    'watch.add': (input) => {
      const folder = { ...input, outputDir: input.outputDir ?? settings.get().outputDir }
      checkSourcePath(policy, folder.path, 'watch folder')
      checkJobAccess(policy, { sources: [], ...folder })
      return studio.watchFolders.add(folder)
    },
    'watch.remove': async ({ path }) => {
      const known = studio.watchFolders.list().some((f) => f.path === path)
      if (!known) throw new StudioError('NOT_FOUND', `${path} is not being watched.`)
      await studio.watchFolders.remove(path)
      return { removed: path }
    }
  }
}
