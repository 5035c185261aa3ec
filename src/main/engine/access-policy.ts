/**
 * What a client of the engine may reach on this machine. The desktop app and the command line
 * are the machine's own person: full access. `serve` hands its browser a confined policy: sources
 * only from the folders named on its command line (and its own uploads), output only under its
 * output root, ffmpeg fixed at start, no URL sources on private addresses.
 */
import { isAbsolute } from 'node:path'
import { StudioError } from '@shared/errors'
import { checkLiteralHost, type AddressRule } from './sources/address-guard'
import { isInside } from './sources/path-confinement'
import { isHttpUrl } from './sources/url-source'

export interface AccessPolicy {
  /** Folders local sources (and subtitle files) may come from; absent: anywhere. */
  sourceRoots?: readonly string[]
  /** Output folders and watch folders' outputs must be under this; absent: anywhere. */
  outputRoot?: string
  /** Why the ffmpeg choice cannot be changed by this client, in plain words; absent: it can. */
  ffmpegLockedReason?: string
  /** Whether URL sources may reach loopback, private, link-local and metadata addresses. */
  allowPrivateUrls: boolean
  /** Stands a loopback alias in for a public host in tests; default isPublicAddress. */
  addressAllowed?: AddressRule
}

export const FULL_ACCESS: AccessPolicy = { allowPrivateUrls: true }

/** Refuses a local source (file, folder or subtitle file) outside the policy's source roots. */
export function checkSourcePath(policy: AccessPolicy, path: string, what = 'source'): void {
  if (isHttpUrl(path)) {
    // A literal address is refused at once; a host name is checked when it is resolved, at download.
    if (!policy.allowPrivateUrls) checkLiteralHost(new URL(path.trim()), policy.addressAllowed)
    return
  }
  if (!policy.sourceRoots) return
  if (isAbsolute(path) && policy.sourceRoots.some((root) => isInside(root, path))) return
  const roots = policy.sourceRoots.length ? policy.sourceRoots.join(', ') : '(none)'
  throw new StudioError(
    'INVALID_INPUT',
    `The ${what} ${path} is outside the folders this studio may read. From a browser, upload the file, give a URL, or start serve with --media-root for its folder (now: ${roots}).`
  )
}

/** Refuses an output folder outside the policy's output root. */
export function checkOutputDir(policy: AccessPolicy, dir: string): void {
  if (!policy.outputRoot) return
  if (isAbsolute(dir) && isInside(policy.outputRoot, dir)) return
  throw new StudioError('INVALID_INPUT', `The output folder ${dir} is outside ${policy.outputRoot}, the output root of this studio (serve --out).`)
}
