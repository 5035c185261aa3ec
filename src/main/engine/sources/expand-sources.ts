import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { walkFolder, type SidecarSubtitle, type SkippedFile, type WalkOptions } from './folder-walk'
import { isHttpUrl } from './url-source'

export type SourceCandidate =
  | { kind: 'file'; path: string; sidecars: SidecarSubtitle[] }
  | { kind: 'url'; url: string }

export interface ExpandedSources {
  candidates: SourceCandidate[]
  skipped: SkippedFile[]
}

/**
 * What a drop turns into: URLs as they are, folders walked (media kept, the rest skipped
 * with a reason, sidecar subtitles paired), and files taken as given: ffprobe decides
 * whether they are media, and says so in plain words on the job.
 */
export async function expandSources(inputs: readonly string[], cwd = process.cwd(), walk: WalkOptions = {}): Promise<ExpandedSources> {
  const candidates: SourceCandidate[] = []
  const skipped: SkippedFile[] = []
  for (const input of inputs) {
    if (isHttpUrl(input)) {
      candidates.push({ kind: 'url', url: input.trim() })
      continue
    }
    const path = resolve(cwd, input)
    const info = await stat(path).catch(() => undefined)
    if (info?.isDirectory()) {
      const found = await walkFolder(path, walk)
      candidates.push(...found.media.map((m) => ({ kind: 'file' as const, path: m.path, sidecars: m.sidecars })))
      skipped.push(...found.skipped)
    } else {
      candidates.push({ kind: 'file', path, sidecars: [] })
    }
  }
  return { candidates, skipped }
}
