import { chmod, mkdir, stat } from 'node:fs/promises'
import { dataPaths } from './data-dir'

/**
 * The data dir holds the job list, logs, uploads and (headless) the secrets file: only its owner
 * may enter it (0700) and only its owner may read the secrets (0600). Checked at every start; a
 * looser mode (an older version made it 0755, or a copy from elsewhere) is tightened, and said.
 */
export async function secureDataDir(dataDir: string, platform = process.platform): Promise<string[]> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  if (platform === 'win32') return []
  const notices: string[] = []
  const tighten = async (path: string, wanted: number, what: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined)
    if (!info || (info.mode & 0o077) === 0) return
    await chmod(path, wanted)
    notices.push(`${what} ${path} could be read by other users of this machine (mode ${(info.mode & 0o777).toString(8)}); it is now ${wanted.toString(8)}.`)
  }
  await tighten(dataDir, 0o700, 'The data folder')
  await tighten(dataPaths(dataDir).secrets, 0o600, 'The secrets file')
  return notices
}
