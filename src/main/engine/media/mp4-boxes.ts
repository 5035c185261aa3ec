import { open } from 'node:fs/promises'

/**
 * The top-level boxes of an MP4 file, in file order: enough to tell a faststart file (moov
 * before mdat, playable from the first Range request) from one whose index sits at the end.
 * ISO/IEC 14496-12 §4.2: a 32-bit size (1: a 64-bit size follows; 0: to the end of the file), then the type.
 */
export async function readTopLevelBoxes(path: string): Promise<string[]> {
  const file = await open(path, 'r')
  try {
    const { size: fileSize } = await file.stat()
    const types: string[] = []
    const header = Buffer.alloc(16)
    let offset = 0
    while (offset + 8 <= fileSize && types.length < 64) {
      await file.read(header, 0, 16, offset)
      const size32 = header.readUInt32BE(0)
      types.push(header.toString('latin1', 4, 8))
      const size = size32 === 1 ? Number(header.readBigUInt64BE(8)) : size32 === 0 ? fileSize - offset : size32
      if (size < 8) break
      offset += size
    }
    return types
  } finally {
    await file.close()
  }
}
