import { resolveEncodeSettings, type EncodeSettingsInput } from '@shared/settings'
import { encodeJob, type EncodeJobResult } from '../../src/main/engine/pipeline/encode-job'
import { loadMediaToolkit, type MediaToolkit } from '../../src/main/engine/media/toolkit'
import { newJobId, slugForTitle, titleFromPath } from '../../src/main/engine/sources/naming'

const toolkits = new Map<string, Promise<MediaToolkit>>()

/** The bundled binaries by default; pass paths to test another ffmpeg (e.g. Debian's 5.1). */
export function toolkit(ffmpeg?: string, ffprobe?: string): Promise<MediaToolkit> {
  const key = `${ffmpeg ?? ''}|${ffprobe ?? ''}`
  let found = toolkits.get(key)
  if (!found) {
    found = loadMediaToolkit({ overrides: { ffmpeg, ffprobe } })
    toolkits.set(key, found)
  }
  return found
}

/** Encodes one file with the real engine and returns the result. */
export async function encodeFile(
  input: string,
  outputRoot: string,
  settings: EncodeSettingsInput = {},
  options: { ffmpeg?: string; ffprobe?: string; title?: string } = {}
): Promise<EncodeJobResult> {
  const title = options.title ?? titleFromPath(input)
  return encodeJob(await toolkit(options.ffmpeg, options.ffprobe), {
    jobId: newJobId(),
    slug: slugForTitle(title),
    title,
    inputPath: input,
    outputRoot,
    settings: resolveEncodeSettings(settings)
  })
}
