import type { StudioHandlers } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { Job } from '@shared/job'
import { checkOutputDir, checkSourcePath, FULL_ACCESS } from './access-policy'
import type { StudioHandlerDeps } from './contract-handlers'

type AppCommands =
  | 'app.info' | 'settings.get' | 'settings.update' | 'encoders.report'
  | 'dialog.pickSources' | 'dialog.pickFolder' | 'shell.reveal' | 'shell.openExternal'

function unsupported(what: string): StudioError {
  return new StudioError('UNSUPPORTED', `${what} is only available in the desktop app. In a browser, drop files on the window to upload them.`)
}

/** Where the engine runs, its Settings and encoders, and the desktop's native dialogs and shell. */
export function appHandlers(deps: StudioHandlerDeps): Pick<StudioHandlers, AppCommands> {
  const { settings, desktop, studio } = deps
  const policy = deps.policy ?? FULL_ACCESS
  const packageOf = (id: string): string => {
    const job: Job = studio.jobs.get(id)
    if (!job.outputs) throw new StudioError('FILE_NOT_FOUND', `“${job.title}” has no package on disk yet.`)
    return job.outputs.dir
  }
  return {
    'app.info': () => deps.appInfo(),
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      if (patch.defaultTarget && !(await deps.storage.targets.get(patch.defaultTarget))) {
        throw new StudioError('NOT_FOUND', `There is no storage target named "${patch.defaultTarget}".`)
      }
      const before = settings.get()
      if (patch.ffmpeg && policy.ffmpegLockedReason && JSON.stringify(patch.ffmpeg) !== JSON.stringify(before.ffmpeg)) {
        throw new StudioError('UNSUPPORTED', policy.ffmpegLockedReason)
      }
      if (patch.outputDir) checkOutputDir(policy, patch.outputDir)
      if (patch.encode?.subtitles) checkSourcePath(policy, patch.encode.subtitles.path, 'subtitle file')
      const next = await settings.update(patch, async (candidate) => deps.checkSettings?.(candidate, before))
      await deps.applySettings?.(next, before)
      return next
    },
    'encoders.report': (input) => deps.encoderReport(input?.refresh ?? false),
    'dialog.pickSources': async ({ kind }) => {
      if (!desktop) throw unsupported('Choosing files')
      return { paths: await desktop.pickSources(kind) }
    },
    'dialog.pickFolder': async (input) => {
      if (!desktop) throw unsupported('Choosing a folder')
      return { path: await desktop.pickFolder(input?.title) }
    },
    'shell.reveal': async ({ id }) => {
      if (!desktop) throw unsupported('Showing a folder')
      const dir = packageOf(id)
      await desktop.reveal(dir)
      return { revealed: dir }
    },
    'shell.openExternal': async ({ url }) => {
      if (!desktop) throw unsupported('Opening links')
      return { opened: await desktop.openExternal(url) }
    }
  }
}
