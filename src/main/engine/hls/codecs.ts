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

/** Finds NAL units of an HEVC Annex B stream and returns the payload (after the 2-byte header) of the first of `type`. */
function findHevcNal(bytes: Uint8Array, type: number): Uint8Array | undefined {
  const starts: number[] = []
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && bytes[i + 2] === 1) {
      starts.push(i + 3)
      i += 2
    }
  }
  for (const [n, start] of starts.entries()) {
    if (((bytes[start]! >> 1) & 0x3f) !== type) continue
    const end = starts[n + 1] !== undefined ? starts[n + 1]! - 3 : bytes.length
    return bytes.subarray(start + 2, end)
  }
  return undefined
}

/** Removes emulation prevention bytes: 00 00 03 → 00 00. */
function unescapeRbsp(payload: Uint8Array): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < payload.length; i++) {
    if (i >= 2 && payload[i] === 3 && payload[i - 1] === 0 && payload[i - 2] === 0) continue
    out.push(payload[i]!)
  }
  return Uint8Array.from(out)
}

function reverseBits32(value: number): number {
  let reversed = 0
  for (let i = 0; i < 32; i++) reversed = (reversed << 1) | ((value >>> i) & 1)
  return reversed >>> 0
}

/**
 * `hvc1.<space><profile>.<compat>.<tier><level>.<constraints>` (ISO/IEC 14496-15 Annex E) from
 * the profile_tier_level at the start of the first SPS, e.g. "hvc1.1.6.L93.90" for Main 3.1.
 */
export function readHevcCodecStringFromAnnexB(bytes: Uint8Array): string | undefined {
  const payload = findHevcNal(bytes, 33)
  if (!payload) return undefined
  const sps = unescapeRbsp(payload)
  // Byte 0: vps id, max sub layers, nesting flag. Then profile_tier_level: 1 + 4 + 6 + 1 bytes.
  if (sps.length < 13) return undefined
  const space = sps[1]! >> 6
  const tier = (sps[1]! >> 5) & 1
  const profile = sps[1]! & 0x1f
  const compat = ((sps[2]! << 24) | (sps[3]! << 16) | (sps[4]! << 8) | sps[5]!) >>> 0
  const constraints = Array.from(sps.subarray(6, 12))
  while (constraints.length > 0 && constraints.at(-1) === 0) constraints.pop()
  const level = sps[12]!
  const parts = [
    'hvc1',
    `${space ? String.fromCharCode(64 + space) : ''}${profile}`,
    reverseBits32(compat).toString(16),
    `${tier ? 'H' : 'L'}${level}`,
    ...constraints.map((b) => b.toString(16))
  ]
  return parts.join('.')
}
