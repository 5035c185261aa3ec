import { statSync } from 'node:fs'
import { isStudioError, StudioError } from '@shared/errors'
import { readCacheEntries, writeCacheEntries } from './json-cache-file'
import { runMediaProcess } from './runner'

/**
 * What an ffmpeg binary can do, asked of the binary itself. The bundled build is a
 * 2018 snapshot and the system one may be 5.x–7.x: the engine decides on capabilities,
 * never on version numbers.
 */
export interface FfmpegCapabilities {
  path: string
  sizeBytes: number
  mtimeMs: number
  /** First line of `-version`, e.g. "ffmpeg version 5.1.6-0+deb12u1". */
  version: string
  /** libavformat major.minor.micro, useful in bug reports. */
  libavformat?: string
  encoders: string[]
  filters: string[]
  /** AVOptions the hls muxer accepts, e.g. hls_segment_type. */
  hlsOptions: string[]
  /** Values of `-hls_flags`, e.g. independent_segments. */
  hlsFlags: string[]
  /** AVOptions of the showspectrumpic filter (fscale, for a log frequency axis, came after 2018); absent in an older cache. */
  spectrumOptions?: string[]
}

/** Option names in `-h filter=…` output: lines like "   fscale   <int>   ..FV..... set frequency scale". */
export function parseFilterOptions(text: string): string[] {
  return [...text.matchAll(/^\s{2,4}(\w+)\s+<\w+>/gm)].map((m) => m[1]!)
}

export function parseEncoderList(text: string): string[] {
  // Lines look like " V....D libx264              libx264 H.264 / AVC ..."; the header ends at "------".
  const body = text.split(/\r?\n/)
  const start = body.findIndex((l) => /^\s*-{6}/.test(l))
  return body
    .slice(start + 1)
    .map((l) => /^\s*[VAS][A-Z.]{5}\s+(\S+)/.exec(l)?.[1])
    .filter((name): name is string => Boolean(name))
}

export function parseFilterList(text: string): string[] {
  // " ... zscale            V->V       Apply resizing..." (flags column has 2 or 3 chars by version).
  return text
    .split(/\r?\n/)
    .map((l) => /^\s*[.A-Z|]{2,3}\s+(\S+)\s+\S*->\S*\s/.exec(l)?.[1])
    .filter((name): name is string => Boolean(name))
}

export function parseMuxerHelp(text: string): { options: string[]; flags: string[] } {
  const options: string[] = []
  const flags: string[] = []
  let inFlags = false
  for (const line of text.split(/\r?\n/)) {
    const option = /^\s{2}-(\w+)\s+<(\w+)>/.exec(line)
    if (option) {
      options.push(option[1]!)
      inFlags = option[1] === 'hls_flags'
      continue
    }
    const constant = /^\s{5,}(\w+)\s+[E.]/.exec(line)
    if (constant && inFlags) flags.push(constant[1]!)
  }
  return { options, flags }
}

export function parseVersion(text: string): { version: string; libavformat?: string } {
  const first = text.split(/\r?\n/)[0]?.trim() ?? ''
  const version = first.replace(/\s+Copyright.*$/, '')
  const lavf = /libavformat\s+(\d+)\.\s*(\d+)\.\s*(\d+)/.exec(text)
  return { version, libavformat: lavf ? `${lavf[1]}.${lavf[2]}.${lavf[3]}` : undefined }
}

async function ask(binary: string, args: string[]): Promise<string> {
  const result = await runMediaProcess({
    binary,
    args: ['-hide_banner', ...args],
    label: `capabilities ${args.join(' ')}`,
    captureStdout: true,
    timeoutMs: 30_000
  })
  return result.stdout.toString('utf8')
}

/**
 * Asks a binary for `-version` and refuses it unless it answers like the tool it should be.
 * What it printed is never repeated: a file that is not ffmpeg (a key, a script) must not have
 * its contents carried back in an error message.
 */
export async function checkAnswersVersion(binary: string, tool: 'ffmpeg' | 'ffprobe'): Promise<string> {
  const notTool = (): StudioError => new StudioError('FFMPEG_MISSING', `${binary} does not answer -version like ${tool} does, so it was not used.`)
  const text = await ask(binary, ['-version']).catch((error: unknown) => {
    if (isStudioError(error) && error.code === 'FFMPEG_MISSING') throw error
    throw notTool()
  })
  if (!text.startsWith(`${tool} version `)) throw notTool()
  return text
}

export async function detectCapabilities(ffmpegPath: string): Promise<FfmpegCapabilities> {
  const stat = statSync(ffmpegPath)
  const versionText = await checkAnswersVersion(ffmpegPath, 'ffmpeg')
  const [encodersText, filtersText, hlsText, spectrumText] = await Promise.all([
    ask(ffmpegPath, ['-encoders']),
    ask(ffmpegPath, ['-filters']),
    ask(ffmpegPath, ['-h', 'muxer=hls']),
    ask(ffmpegPath, ['-h', 'filter=showspectrumpic']).catch(() => '')
  ])
  const { version, libavformat } = parseVersion(versionText)
  const hls = parseMuxerHelp(hlsText)
  return {
    path: ffmpegPath,
    sizeBytes: stat.size,
    mtimeMs: stat.mtimeMs,
    version,
    libavformat,
    encoders: parseEncoderList(encodersText),
    filters: parseFilterList(filtersText),
    hlsOptions: hls.options,
    hlsFlags: hls.flags,
    spectrumOptions: parseFilterOptions(spectrumText)
  }
}

export function canToneMap(caps: Pick<FfmpegCapabilities, 'filters'>): boolean {
  return caps.filters.includes('zscale') && caps.filters.includes('tonemap')
}

/** bwdif (motion-adaptive, from the w3fdif/yadif family) where the binary has it, else yadif. */
export function deinterlacerOf(caps: Pick<FfmpegCapabilities, 'filters'>): 'bwdif' | 'yadif' | undefined {
  if (caps.filters.includes('bwdif')) return 'bwdif'
  return caps.filters.includes('yadif') ? 'yadif' : undefined
}

/**
 * Caches detection per binary identity (path + size + mtime): replacing the binary
 * invalidates the entry, and a restart does not pay for five ffmpeg runs again.
 */
export class CapabilityCache {
  private readonly memory = new Map<string, FfmpegCapabilities>()

  constructor(private readonly file?: string) {
    for (const caps of readCacheEntries<FfmpegCapabilities>(file)) this.memory.set(caps.path, caps)
  }

  async get(ffmpegPath: string, options: { refresh?: boolean } = {}): Promise<FfmpegCapabilities> {
    const stat = statSync(ffmpegPath)
    const cached = this.memory.get(ffmpegPath)
    // An entry written before a question was added to detection is asked again.
    const complete = cached?.spectrumOptions !== undefined
    if (!options.refresh && cached && complete && cached.sizeBytes === stat.size && cached.mtimeMs === stat.mtimeMs) {
      return cached
    }
    const fresh = await detectCapabilities(ffmpegPath)
    this.memory.set(ffmpegPath, fresh)
    this.persist()
    return fresh
  }

  private persist(): void {
    writeCacheEntries(this.file, [...this.memory.values()])
  }
}
