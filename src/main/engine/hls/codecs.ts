/** RFC 6381 codec strings, built from the bytes of the real stream rather than from names. */

export interface AvcProfile {
  profileIdc: number
  constraintFlags: number
  levelIdc: number
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0')
}

/**
 * Finds the first sequence parameter set (NAL type 7) in an Annex B byte stream and
 * reads profile_idc, the constraint flags byte and level_idc that follow its header.
 */
export function readAvcProfileFromAnnexB(bytes: Uint8Array): AvcProfile | undefined {
  for (let i = 0; i + 4 < bytes.length; i++) {
    if (bytes[i] !== 0 || bytes[i + 1] !== 0) continue
    let header: number
    if (bytes[i + 2] === 1) header = i + 3
    else if (bytes[i + 2] === 0 && bytes[i + 3] === 1) header = i + 4
    else continue
    if (header + 3 >= bytes.length) return undefined
    if ((bytes[header]! & 0x1f) === 7) {
      return { profileIdc: bytes[header + 1]!, constraintFlags: bytes[header + 2]!, levelIdc: bytes[header + 3]! }
    }
    i = header - 1
  }
  return undefined
}

export function avcCodecString(profile: AvcProfile): string {
  return `avc1.${hex2(profile.profileIdc)}${hex2(profile.constraintFlags)}${hex2(profile.levelIdc)}`
}

/** AAC audio object types as HLS wants them: LC = 2, HE-AAC (SBR) = 5, HE-AACv2 (PS) = 29. */
export function aacCodecString(profile: string | undefined): string {
  const p = (profile ?? '').toLowerCase()
  if (p.includes('v2') || p.includes('ps')) return 'mp4a.40.29'
  if (p.startsWith('he')) return 'mp4a.40.5'
  return 'mp4a.40.2'
}

export function joinCodecs(...codecs: Array<string | undefined>): string {
  return codecs.filter((c): c is string => Boolean(c)).join(',')
}
