import type { UploadJobOptions } from '@shared/contract'
import { StudioError } from '@shared/errors'
import type { AddJobsResult } from '@shared/queue'
import { UPLOAD_PATH, parseUploadAnswer } from '@shared/wire'

export interface UploadProgress {
  sentBytes: number
  totalBytes: number
}

export interface UploadOptions {
  /** Encode settings, target, title…: as in jobs.add. Left out, Settings decide. */
  job?: UploadJobOptions
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

/**
 * Sends one dropped file to `serve`. The browser streams the File from disk (it is never read
 * into memory here) and the server writes it to disk as it arrives; the job exists as soon
 * as the last byte is in. XMLHttpRequest, because fetch() cannot report upload progress.
 */
export function uploadFile(file: File, options: UploadOptions = {}): Promise<AddJobsResult> {
  const query = new URLSearchParams({ name: file.name })
  if (options.job) query.set('options', JSON.stringify(options.job))
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', `${UPLOAD_PATH}?${query.toString()}`)
    request.setRequestHeader('Content-Type', 'application/octet-stream')
    request.upload.onprogress = (event) => options.onProgress?.({ sentBytes: event.loaded, totalBytes: event.lengthComputable ? event.total : file.size })
    request.onload = () => {
      const outcome = parseUploadAnswer(request.responseText)
      if (outcome?.ok) resolve(outcome.value)
      else reject(new StudioError(outcome?.error.code ?? 'INTERNAL', outcome?.error.message ?? `The upload of ${file.name} failed (HTTP ${request.status}).`))
    }
    request.onerror = () => reject(new StudioError('DISCONNECTED', `The connection dropped while uploading ${file.name}.`))
    request.onabort = () => reject(new StudioError('CANCELLED', `The upload of ${file.name} was cancelled.`))
    options.signal?.addEventListener('abort', () => request.abort(), { once: true })
    request.send(file)
  })
}
