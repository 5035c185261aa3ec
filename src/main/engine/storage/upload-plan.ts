import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StudioError } from '@shared/errors'
import type { PackageFile, PackageFileKind, PackageManifest } from '@shared/job'
import type { TargetVisibility } from '@shared/targets'
import { MANIFEST_FILE } from '../hls/package-files'
import { cacheControlFor, contentTypeFor, downloadDispositionFor } from './content-headers'
import { joinKey } from './key-prefix'

export interface PlannedObject {
  /** Path inside the package, forward slashes. */
  path: string
  localPath: string
  key: string
  bytes: number
  kind: PackageFileKind
  contentType: string
  cacheControl: string
  /** The MP4 download: saved under the title, not played in the tab. */
  contentDisposition?: string
}

export interface UploadPlan {
  keyPrefix: string
  /**
   * Uploaded one phase after the other: media first, media playlists next, the master last,
   * so a master that is visible never points at a playlist or segment that is not there yet.
   */
  phases: PlannedObject[][]
  objects: PlannedObject[]
  totalBytes: number
  totalSegments: number
}

function phaseOf(kind: PackageFileKind): number {
  if (kind === 'master') return 2
  if (kind === 'playlist') return 1
  return 0
}

/** Every file the manifest lists, plus job.json, checked against the disk. */
export async function planUpload(options: {
  manifest: PackageManifest
  packageDir: string
  keyPrefix: string
  visibility: TargetVisibility
}): Promise<UploadPlan> {
  const { manifest, packageDir, keyPrefix, visibility } = options
  const files: PackageFile[] = manifest.files.filter((f) => f.path !== MANIFEST_FILE)
  files.push({ path: MANIFEST_FILE, bytes: 0, kind: 'manifest' })

  // Every file is looked at at once: one round trip to the disk, not one per file.
  const objects = await Promise.all(
    files.map(async (file): Promise<PlannedObject> => {
      const localPath = join(packageDir, ...file.path.split('/'))
      const info = await stat(localPath).catch(() => undefined)
      if (!info?.isFile()) {
        throw new StudioError('FILE_NOT_FOUND', `The package in ${packageDir} is missing ${file.path}. Encode the job again before publishing.`)
      }
      if (file.kind !== 'manifest' && info.size !== file.bytes) {
        throw new StudioError('INVALID_INPUT', `${file.path} in ${packageDir} has changed since it was encoded (${info.size} bytes, job.json says ${file.bytes}). Encode the job again.`)
      }
      return {
        path: file.path,
        localPath,
        key: joinKey(keyPrefix, file.path),
        bytes: info.size,
        kind: file.kind,
        contentType: contentTypeFor(file.path),
        cacheControl: cacheControlFor(file.kind, visibility),
        contentDisposition: file.kind === 'download' ? downloadDispositionFor(manifest.title) : undefined
      }
    })
  )
  const phases: PlannedObject[][] = [[], [], []]
  for (const object of objects) phases[phaseOf(object.kind)]!.push(object)
  // Big files first inside a phase: the long uploads start early and the tail stays short.
  phases[0]!.sort((a, b) => b.bytes - a.bytes)
  return {
    keyPrefix,
    phases,
    objects: phases.flat(),
    totalBytes: objects.reduce((sum, o) => sum + o.bytes, 0),
    totalSegments: objects.filter((o) => o.kind === 'segment').length
  }
}
