import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { walkFolder, type SidecarSubtitle, type SkippedFile, type WalkOptions } from './folder-walk'
import { takeGivenFile } from './given-file'
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
 * with a reason, sidecar subtitles paired), and files named one by one refused when missing
 * or plainly not media, else taken with the subtitles beside them; ffprobe then decides the
 * rest, and says so in plain words on the job.
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
      const given = await takeGivenFile(path)
      if ('media' in given) candidates.push({ kind: 'file', ...given.media })
      else skipped.push({ path, reason: given.refused })
    }
  }
  // `encode clip.mp4 clip.srt`: the subtitles named beside their video are already its sidecar.
  const paired = new Set(candidates.flatMap((c) => (c.kind === 'file' ? c.sidecars.map((s) => s.path) : [])))
  return { candidates, skipped: skipped.filter((s) => !paired.has(s.path)) }
}
