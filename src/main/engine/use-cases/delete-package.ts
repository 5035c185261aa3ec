import { StudioError } from '@shared/errors'
import type { Job } from '@shared/job'
import { removeJobOutput } from '../pipeline/package-dirs'
import type { StorageProvider } from '../storage/storage-provider'

export interface DeletePackageDeps {
  storage: Pick<StorageProvider, 'deleteRemote'>
  findJob: (id: string) => Job | undefined
  /** The local package folder of a job id, when it is on this machine. */
  packageDirOf: (id: string) => Promise<string | undefined>
  removeJob: (id: string) => Promise<void>
}

/** Deletes a package from the Library: its local folder, its published copy, or both. */
export async function deletePackage(deps: DeletePackageDeps, request: { id: string; local: boolean; remote: boolean }): Promise<{ deleted: string }> {
  const { id, local, remote } = request
  if (!local && !remote) throw new StudioError('INVALID_INPUT', 'Say what to delete: the local package, the published one, or both.')
  const job = deps.findJob(id)
  const published = job?.outputs?.published
  const localDir = await deps.packageDirOf(id)
  if (remote) {
    if (!published) throw new StudioError('NOT_FOUND', 'This package was never published, so there is nothing to delete in a bucket.')
    await deps.storage.deleteRemote(published.target, published.keyPrefix)
  }
  if (local) {
    if (!localDir) throw new StudioError('FILE_NOT_FOUND', 'This package is not on this machine.')
    await removeJobOutput(localDir)
  }
  // The job record stays only while it still describes something that exists: a
  // publication that was kept. A local package kept on disk shows up from its job.json.
  if (job && (remote || !published)) await deps.removeJob(id)
  return { deleted: id }
}
