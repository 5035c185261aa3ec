import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { studioSettingsSchema, type FfmpegChoice, type StudioSettings, type StudioSettingsPatch } from '@shared/app'
import { describeZodError } from '@shared/zod-errors'
import { StudioError } from '@shared/errors'
import { resolveEncodeSettings } from '@shared/settings'
import type { BinaryOverrides } from '../media/binaries'

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.json')
}

export function defaultSettings(outputDir: string): StudioSettings {
  return { outputDir, concurrency: 1, encode: resolveEncodeSettings(), ffmpeg: { mode: 'bundled' } }
}

/** Settings → ffmpeg choice as the binary locator reads it. */
export function binaryOverridesFor(choice: FfmpegChoice): BinaryOverrides {
  if (choice.mode === 'system') return { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' }
  if (choice.mode === 'custom') return { ffmpeg: choice.ffmpegPath, ffprobe: choice.ffprobePath }
  return {}
}

/**
 * What a person set in Settings, in its own small JSON file in the data dir (beside the job
 * store, so saving Settings never races the queue's progress writes). A missing file means
 * defaults; a damaged one is set aside by name and defaults are used, with a notice.
 */
export class SettingsStore {
  private current: StudioSettings
  /** Set when the file could not be read: shown once in the UI. */
  readonly notice: string | undefined

  private constructor(
    private readonly path: string,
    settings: StudioSettings,
    notice?: string
  ) {
    this.current = settings
    this.notice = notice
  }

  static async open(dataDir: string, defaults: StudioSettings): Promise<SettingsStore> {
    const path = settingsFile(dataDir)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new SettingsStore(path, defaults)
      throw error
    }
    let stored: unknown
    try {
      stored = JSON.parse(text)
    } catch {
      stored = undefined
    }
    // Fields that still validate are kept; a field an older or newer version wrote differently falls back alone.
    const merged: Record<string, unknown> = { ...defaults }
    const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : undefined
    const dropped: string[] = []
    for (const key of Object.keys(studioSettingsSchema.shape) as Array<keyof StudioSettings>) {
      if (record?.[key] === undefined) continue
      const field = studioSettingsSchema.shape[key].safeParse(record[key])
      if (field.success) merged[key] = field.data
      else dropped.push(key)
    }
    const settings = studioSettingsSchema.parse(merged)
    if (!record) {
      const aside = `${path}.unreadable-${Date.now()}`
      await rename(path, aside).catch(() => undefined)
      return new SettingsStore(path, settings, `The settings file could not be read and was kept as ${aside}; defaults are in use.`)
    }
    return new SettingsStore(path, settings, dropped.length ? `Some settings were not valid and were reset: ${dropped.join(', ')}.` : undefined)
  }

  get(): StudioSettings {
    return structuredClone(this.current)
  }

  /**
   * Applies a patch after checking the whole result (and `check`, e.g. that a chosen ffmpeg
   * really runs); written atomically before it is returned. A failed check changes nothing.
   */
  async update(patch: StudioSettingsPatch, check?: (next: StudioSettings) => Promise<void>): Promise<StudioSettings> {
    const { defaultTarget, ...rest } = patch
    const merged: Record<string, unknown> = { ...this.current, ...rest }
    if (defaultTarget === null) delete merged.defaultTarget
    else if (defaultTarget !== undefined) merged.defaultTarget = defaultTarget
    const next = studioSettingsSchema.safeParse(merged)
    if (!next.success) throw new StudioError('INVALID_INPUT', describeZodError(next.error))
    await check?.(next.data)
    await this.write(next.data)
    this.current = next.data
    return this.get()
  }

  /** Settings → Workers: the Redis URL without its password (see RedisSettings), or none. */
  async setRedisUrl(url: string | undefined): Promise<StudioSettings> {
    const next: StudioSettings = { ...this.current }
    if (url) next.redisUrl = url
    else delete next.redisUrl
    await this.write(next)
    this.current = next
    return this.get()
  }

  private async write(settings: StudioSettings): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    const temporary = `${this.path}.${process.pid}.tmp`
    await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`)
    await rename(temporary, this.path)
  }
}
