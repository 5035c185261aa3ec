import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'

/**
 * An fMP4 media segment decodes only after its init segment. ffmpeg's `concat:a|b` protocol
 * would join them, but it splits on `|`, so a package under a folder named `a|b` broke
 * (issue 13). The bytes are joined into a file of their own instead, named by the studio.
 */
export async function joinFragment(initPath: string, segmentPath: string, joinedPath: string): Promise<string> {
  const out = createWriteStream(joinedPath, { flags: 'wx' })
  await pipeline(createReadStream(initPath), out, { end: false })
  await pipeline(createReadStream(segmentPath), out)
  return joinedPath
}

/** Runs `use` with the init and media segment joined in a temporary file, removed afterwards. */
export async function withJoinedFragment<T>(initPath: string, segmentPath: string, use: (joinedPath: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hls-studio-fragment-'))
  try {
    return await use(await joinFragment(initPath, segmentPath, join(dir, 'fragment.mp4')))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
