import type { AddJobsResult } from '@shared/queue'
import { pathOfDroppedFile, uploadFile } from '../client'
import { errorText } from '../format/error-text'
import type { EncodeSettings } from '@shared/settings'
import { useIntakeStore } from '../stores/intake-store'
import { useSettingsStore } from '../stores/settings-store'
import { useJobsStore } from '../stores/jobs-store'
import { notify } from '../stores/notices-store'
import { studio } from '../stores/studio-client'
import { describeSources, type IntakeSource } from './dropped-sources'
import { newBatchId } from './batch-id'

/**
 * The settings of this drop when its MP4 choice differs from the defaults; otherwise none, so
 * the engine applies the defaults itself.
 */
export function dropSettings(): { settings?: EncodeSettings } {
  const choice = useIntakeStore.getState().mp4
  const defaults = useSettingsStore.getState().settings?.encode
  if (choice === undefined || !defaults || choice === Boolean(defaults.mp4)) return {}
  return { settings: { ...defaults, mp4: choice ? { crf: 23, burnSubtitles: false } : undefined } }
}

/** Sidecars pair with their video only when the engine walks the folder itself. */
const SIDECAR = /\.(srt|vtt|ass|ssa)$/i
/** Uploads at once: enough to keep the link busy, few enough that the first jobs start early. */
const PARALLEL_UPLOADS = 2

/**
 * Turns dropped or picked sources into jobs. The desktop app passes paths and the engine walks
 * folders; a browser against `serve` has no paths, so it uploads each file and the server
 * makes its job as soon as the last byte is on disk.
 */
export async function addSources(sources: IntakeSource[]): Promise<void> {
  if (sources.length === 0) return
  const intake = useIntakeStore.getState()
  intake.setBusy(true)
  try {
    const paths = sources.map((s) => (s.handle ? pathOfDroppedFile(s.handle) : undefined))
    const results = paths.every((p): p is string => !!p) ? [await addPaths(paths, sources)] : await uploadAll(sources)
    if (results.length === 1) useJobsStore.getState().rememberBatches([{ id: results[0]!.batch.id, label: results[0]!.batch.label }])
    reportResults(results, sources, paths.every((p): p is string => !!p) ? paths : undefined)
  } catch (error) {
    notify(errorText(error), 'error')
  } finally {
    useIntakeStore.getState().setBusy(false)
  }
}

/** Paths from the native picker (desktop). */
export async function addPickedPaths(paths: string[]): Promise<void> {
  if (paths.length === 0) return
  try {
    const result = await studio().invoke('jobs.add', { sources: paths, ...dropSettings() })
    reportResults([result], [], paths)
  } catch (error) {
    notify(errorText(error), 'error')
  }
}

/** "Season 1", "Season 1 and 2 files", "3 files": what the batch header calls one drop. */
function batchLabel(sources: readonly IntakeSource[]): string | undefined {
  if (sources.length === 1) return sources[0]!.name
  const folders = sources.filter((s) => s.kind === 'folder').map((s) => s.name)
  const files = sources.length - folders.length
  const fileText = files === 0 ? '' : files === 1 ? '1 file' : `${files} files`
  if (folders.length === 0) return fileText || undefined
  return [folders.join(', '), fileText].filter(Boolean).join(' and ')
}

async function addPaths(paths: string[], sources: IntakeSource[]): Promise<AddJobsResult> {
  return studio().invoke('jobs.add', { sources: paths, batchLabel: batchLabel(sources), ...dropSettings() })
}

async function uploadAll(sources: IntakeSource[]): Promise<AddJobsResult[]> {
  const files = sources.flatMap((s) => s.files)
  const sidecars = files.filter((f) => SIDECAR.test(f.file.name))
  if (sidecars.length > 0) {
    notify(`${sidecars.length === 1 ? `${sidecars[0]!.file.name} was` : `${sidecars.length} subtitle files were`} not uploaded: in a browser, subtitles are added per job, not paired from a folder.`, 'info')
  }
  const queue = files.filter((f) => !SIDECAR.test(f.file.name))
  const results: AddJobsResult[] = []
  const label = batchLabel(sources) ?? describeSources(sources)
  // One id for the whole drop: each upload joins the same batch on the server.
  const batchId = newBatchId()
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { file, relativePath } = next
      const store = useIntakeStore.getState()
      const id = store.startUpload(relativePath, file.size)
      try {
        const result = await uploadFile(file, {
          job: { batchLabel: label, batchId, ...dropSettings() },
          onProgress: (p) => useIntakeStore.getState().progress(id, p.sentBytes)
        })
        results.push(result)
        useJobsStore.getState().rememberBatches([{ id: result.batch.id, label }])
      } catch (error) {
        notify(`${relativePath}: ${errorText(error)}`, 'error')
      } finally {
        useIntakeStore.getState().finish(id)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, queue.length) }, worker))
  return results
}

/**
 * What a drop came to, on the drop itself. A file the person named that the studio refused
 * (missing, not media) is said by name, with the reason, and never becomes a failed row; files
 * skipped inside a dropped folder are summed up. Uploads are named files, one per result.
 */
function reportResults(results: AddJobsResult[], sources: readonly IntakeSource[], named?: readonly string[]): void {
  const created = results.reduce((n, r) => n + r.created.length, 0)
  const duplicates = results.reduce((n, r) => n + r.duplicates.length, 0)
  const skipped = results.flatMap((r) => r.skipped)
  const isNamed = (path: string): boolean => (named ? named.includes(path) : true)
  const refused = skipped.filter((s) => isNamed(s.path))
  const walked = skipped.filter((s) => !isNamed(s.path))
  const nameOf = (path: string): string => path.split(/[\\/]/).pop() ?? path
  if (created > 0) notify(`Queued ${created === 1 ? '1 job' : `${created} jobs`}${sources.length > 0 ? ` from ${describeSources(sources)}` : ''}.`, 'success')
  if (duplicates > 0) notify(`${duplicates === 1 ? 'One file is' : `${duplicates} files are`} already in the queue with the same settings.`, 'info')
  for (const refusal of refused) notify(`${nameOf(refusal.path)} was not added: ${refusal.reason}.`, 'error')
  if (walked.length > 0) {
    const first = walked[0]!
    notify(walked.length === 1 ? `Skipped ${nameOf(first.path)}: ${first.reason}` : `Skipped ${walked.length} files, e.g. ${nameOf(first.path)}: ${first.reason}`, 'info')
  }
  if (created === 0 && duplicates === 0 && skipped.length === 0 && results.length > 0) notify('Nothing to encode was found in what was dropped.', 'info')
}
