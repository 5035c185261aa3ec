import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Command } from 'commander'
import { StudioError } from '@shared/errors'
import type { Job, PackageManifest } from '@shared/job'
import { MANIFEST_FILE } from '../../engine/hls/package-files'
import { readPackageManifest } from '../../engine/hls/package-manifest'
import { readStudioSnapshot } from '../../engine/queue/snapshot'
import type { PublishableJob, PublishProgress } from '../../engine/storage/publisher'
import { S3Publisher } from '../../engine/storage/s3-publisher'
import { createHeadlessTargetRegistry } from '../../engine/storage/target-registry'
import { formatBytes, progressBar } from '../format'
import { dataDirOf, type CliContext, type GlobalOptions } from '../context'

export interface LocatedPackage {
  /** The job as the queue knows it, when it does. */
  queued?: Job
  /** The local package, when it is still on disk. */
  local?: { packageDir: string; manifest: PackageManifest; job: PublishableJob }
}

async function readPackage(packageDir: string): Promise<LocatedPackage['local']> {
  const file = join(packageDir, MANIFEST_FILE)
  // No job.json: not a package folder (the caller says so); a damaged one is refused with what is wrong.
  if (!(await stat(file).then((s) => s.isFile(), () => false))) return undefined
  const manifest = await readPackageManifest(file)
  const job: PublishableJob = { id: manifest.jobId, slug: manifest.slug, title: manifest.title, createdAt: manifest.createdAt, source: { kind: 'file', path: manifest.source.path } }
  return { packageDir, manifest, job }
}

/** A job id the queue knows, or the path of a package folder (the one holding job.json). */
export async function locatePackage(ref: string, dataDir: string, cwd: string): Promise<LocatedPackage> {
  const path = resolve(cwd, ref)
  const isFolder = await stat(path).then((s) => s.isDirectory(), () => false)
  const { jobs } = await readStudioSnapshot(dataDir)
  if (isFolder) {
    const local = await readPackage(path)
    if (!local) throw new StudioError('NOT_FOUND', `${path} is not a package folder: it has no ${MANIFEST_FILE}.`)
    return { local, queued: jobs.find((j) => j.id === local.manifest.jobId) }
  }
  const queued = jobs.find((j) => j.id === ref)
  if (!queued) {
    throw new StudioError('NOT_FOUND', `No job ${ref} in ${dataDir}, and no such folder. Give a job id from \`hls-studio jobs\` or the path of a package folder (it holds ${MANIFEST_FILE}).`)
  }
  const local = queued.outputs ? await readPackage(queued.outputs.dir) : undefined
  return { queued, local: local && { ...local, job: queued } }
}

/** Progress on one line: redrawn in place on a terminal, a line every few percent otherwise. */
function progressPrinter(ctx: CliContext, json: boolean): (p: PublishProgress) => void {
  let lastShown = -1
  return (p) => {
    const percent = p.totalBytes > 0 ? (p.transferredBytes / p.totalBytes) * 100 : 0
    if (json) {
      if (Math.floor(percent) === lastShown) return
      lastShown = Math.floor(percent)
      ctx.streams.stdout.write(`${JSON.stringify({ type: 'publish-progress', percent: Number(percent.toFixed(1)), ...p })}\n`)
      return
    }
    const line = `uploading  ${progressBar(percent)} ${percent.toFixed(1).padStart(5)}%  ${p.completedSegments}/${p.totalSegments} segments  ${formatBytes(p.transferredBytes)} of ${formatBytes(p.totalBytes)}`
    const tty = 'isTTY' in ctx.streams.stderr && (ctx.streams.stderr as { isTTY?: boolean }).isTTY
    if (tty) ctx.streams.stderr.write(`\r${line}`)
    else if (Math.floor(percent / 10) !== lastShown) {
      lastShown = Math.floor(percent / 10)
      ctx.streams.stderr.write(`${line}\n`)
    }
  }
}

export function registerPublish(program: Command, ctx: CliContext): void {
  program
    .command('publish')
    .description('upload an encoded job to a storage target, verify it, and print its URL')
    .argument('<job>', 'a job id (see `hls-studio jobs`) or a package folder holding job.json')
    .requiredOption('--upload <target>', 'the storage target to publish to (see `hls-studio targets list`)')
    .option('--json', 'one JSON object per line: publish-progress, then published')
    .action(async (ref: string, options: { upload: string; json?: boolean }, command: Command) => {
      const dataDir = dataDirOf(command.optsWithGlobals<GlobalOptions>(), ctx)
      const { local } = await locatePackage(ref, dataDir, ctx.cwd)
      if (!local) throw new StudioError('FILE_NOT_FOUND', `Job ${ref} has no local package any more; encode it again to publish it.`)
      const publisher = new S3Publisher({ targets: createHeadlessTargetRegistry(dataDir, ctx.env) })
      const showProgress = progressPrinter(ctx, Boolean(options.json))
      const location = await publisher.publish({
        ...local,
        targetName: options.upload,
        signal: ctx.signal,
        onProgress: showProgress,
        onLog: (line, level) => {
          if (!options.json && level !== 'info') ctx.streams.stderr.write(`\n${level}: ${line}\n`)
        }
      })
      if (options.json) {
        ctx.streams.stdout.write(`${JSON.stringify({ type: 'published', jobId: local.manifest.jobId, ...location })}\n`)
        return
      }
      ctx.streams.stderr.write('\n')
      ctx.streams.stdout.write(
        [
          `published  ${location.objectCount} objects (${formatBytes(location.bytes)}) to "${location.target}" under ${location.keyPrefix}/, verified`,
          `master     ${location.masterPlaylistUrl}`,
          location.publicUrl ? `public     ${location.publicUrl}` : 'private    play it with `hls-studio share <job> --expires 7d`'
        ].join('\n') + '\n'
      )
    })
}
