/** One thing a person dropped or picked: a file, or a folder with every file inside it. */
export interface IntakeSource {
  kind: 'file' | 'folder'
  name: string
  /** The top-level File the browser gave (a folder's too): Electron resolves its path from it. */
  handle?: File
  /** Files with their path inside the drop, e.g. "Season 1/ep01.mp4". */
  files: Array<{ file: File; relativePath: string }>
}

/** True while the drag carries files from the desktop, not a row being reordered. */
export function carriesFiles(dataTransfer: DataTransfer | null): boolean {
  return !!dataTransfer && Array.from(dataTransfer.types).includes('Files')
}

/**
 * Reads a drop. Entries must be taken while the drop event runs (the browser empties the
 * DataTransfer afterwards); folders are then walked asynchronously.
 */
export async function readDrop(dataTransfer: DataTransfer): Promise<IntakeSource[]> {
  const tops: Array<{ entry: FileSystemEntry | null; file: File | null }> = Array.from(dataTransfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry?.() ?? null, file: item.getAsFile() }))
  const sources: IntakeSource[] = []
  for (const { entry, file } of tops) {
    if (entry?.isDirectory) {
      const files = await walkDirectory(entry as FileSystemDirectoryEntry, entry.name)
      sources.push({ kind: 'folder', name: entry.name, handle: file ?? undefined, files })
    } else if (file) {
      sources.push({ kind: 'file', name: file.name, handle: file, files: [{ file, relativePath: file.name }] })
    }
  }
  return sources
}

/** Files picked with <input type="file" webkitdirectory>: grouped back into their top folder. */
export function sourcesFromPicker(list: FileList | null): IntakeSource[] {
  if (!list) return []
  const folders = new Map<string, IntakeSource>()
  const sources: IntakeSource[] = []
  for (const file of Array.from(list)) {
    const relativePath = file.webkitRelativePath || file.name
    const [top, ...rest] = relativePath.split('/')
    if (rest.length === 0 || !top) {
      sources.push({ kind: 'file', name: file.name, handle: file, files: [{ file, relativePath: file.name }] })
      continue
    }
    let folder = folders.get(top)
    if (!folder) {
      folder = { kind: 'folder', name: top, files: [] }
      folders.set(top, folder)
      sources.push(folder)
    }
    folder.files.push({ file, relativePath })
  }
  return sources
}

async function walkDirectory(directory: FileSystemDirectoryEntry, prefix: string): Promise<IntakeSource['files']> {
  const found: IntakeSource['files'] = []
  const reader = directory.createReader()
  // readEntries answers in chunks (100 in Chromium) until it answers an empty list.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject))
    if (chunk.length === 0) break
    for (const entry of chunk) {
      const path = `${prefix}/${entry.name}`
      if (entry.isDirectory) found.push(...(await walkDirectory(entry as FileSystemDirectoryEntry, path)))
      else if (entry.isFile) {
        const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))
        found.push({ file, relativePath: path })
      }
    }
  }
  return found
}

/** "2 files and a folder": what a drop was, for the confirmation. */
export function describeSources(sources: readonly IntakeSource[]): string {
  const files = sources.filter((s) => s.kind === 'file').length
  const folders = sources.length - files
  const parts: string[] = []
  if (files > 0) parts.push(files === 1 ? 'a file' : `${files} files`)
  if (folders > 0) parts.push(folders === 1 ? 'a folder' : `${folders} folders`)
  return parts.join(' and ') || 'nothing'
}
