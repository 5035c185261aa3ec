/**
 * bench:chunks' upload rows: encode plus upload to s3rver behind a link paced to a fixed rate,
 * one after the other (the ENCODING stage, then the UPLOADING stage) against
 * publish-while-encoding (the same stages with the job's target known while it encodes, so
 * finished chunks' segments go up while later chunks encode). Both go through the queue's
 * real stage work (PipelineWork with the S3 publisher), on the same source and settings.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Job } from '@shared/job'
import { resolveEncodeSettings } from '@shared/settings'
import type { MediaToolkit } from '../src/main/engine/media/toolkit'
import type { StageContext } from '../src/main/engine/queue/job-work'
import { PipelineWork } from '../src/main/engine/queue/pipeline-work'
import { S3Publisher } from '../src/main/engine/storage/s3-publisher'
import { createHeadlessTargetRegistry } from '../src/main/engine/storage/target-registry'
import { jobRecord } from '../test/helpers/queue-fixtures'
import { S3RVER_ACCESS_KEY_ID, startS3Server } from '../test/helpers/s3-server'
import { timed } from './bench-process'
import { startThrottledProxy } from './throttled-proxy'

export interface UploadRowsResult {
  sequential: { encode: number; upload: number; total: number }
  overlapped: { encode: number; upload: number; total: number; uploadedWhileEncoding: number }
  megabytes: number
}

const TARGET = 'bench-throttled'
const BUCKET = 'bench'

function stageContext(onLog: (line: string) => void): StageContext {
  return { signal: new AbortController().signal, progress: () => undefined, log: (line) => onLog(line), enterEncoding: () => undefined }
}

export async function uploadRows(toolkit: MediaToolkit, source: string, dir: string, options: { mbitPerSecond: number; chunkSeconds: number }): Promise<UploadRowsResult> {
  const server = await startS3Server({ buckets: [BUCKET] })
  const proxy = await startThrottledProxy(server.port, options.mbitPerSecond * 1e6)
  try {
    const dataDir = join(dir, 'upload-data')
    mkdirSync(dataDir, { recursive: true })
    const targets = createHeadlessTargetRegistry(dataDir, {})
    await targets.add({
      target: { name: TARGET, provider: 'minio', endpoint: proxy.endpoint, bucket: BUCKET },
      credentials: { accessKeyId: S3RVER_ACCESS_KEY_ID, secretAccessKey: 'bench-secret' }
    })
    const work = new PipelineWork({ toolkit: async () => toolkit, publisher: new S3Publisher({ targets }), workDir: join(dir, 'upload-work') })
    const settings = resolveEncodeSettings({ chunkSeconds: options.chunkSeconds })
    const job = (name: string, target: string | undefined): Job =>
      jobRecord({ id: `job-${randomUUID()}`, slug: name, title: name, source: { kind: 'file', path: source }, settings, outputDir: join(dir, `upload-${name}`), target, status: 'ENCODING' })

    // One after the other: the encode knows no target, so it uploads nothing while it runs.
    const plain = job('sequential', undefined)
    let encodedPlain: Awaited<ReturnType<PipelineWork['encode']>> | undefined
    const sequentialEncode = await timed(async () => (encodedPlain = await work.encode(plain, stageContext(() => undefined))))
    const sequentialUpload = await timed(() => work.upload({ ...plain, target: TARGET, outputs: encodedPlain!.outputs, status: 'UPLOADING' }, stageContext(() => undefined)))

    // Publish while encoding: the same two stages, the target known from the start.
    const early = job('overlapped', TARGET)
    let uploadedWhileEncoding = 0
    let encodedEarly: Awaited<ReturnType<PipelineWork['encode']>> | undefined
    const count = (line: string): void => {
      const said = /^(\d+) segments uploaded while encoding/.exec(line)
      if (said) uploadedWhileEncoding = Number(said[1])
    }
    const overlappedEncode = await timed(async () => (encodedEarly = await work.encode(early, stageContext(count))))
    const overlappedUpload = await timed(() => work.upload({ ...early, outputs: encodedEarly!.outputs, status: 'UPLOADING' }, stageContext(() => undefined)))

    return {
      sequential: { encode: sequentialEncode, upload: sequentialUpload, total: sequentialEncode + sequentialUpload },
      overlapped: { encode: overlappedEncode, upload: overlappedUpload, total: overlappedEncode + overlappedUpload, uploadedWhileEncoding },
      megabytes: encodedPlain!.outputs.totalBytes / 1e6
    }
  } finally {
    await proxy.close()
    await server.close()
  }
}
