import { create } from 'zustand'
import type { AppInfo, EncoderReport, StudioSettings, StudioSettingsPatch } from '@shared/app'
import type { AddTargetInput, ConnectionTestResult, CorsReport, StorageTarget } from '@shared/targets'
import { errorText } from '../format/error-text'
import { attempt, notify } from './notices-store'
import { studio } from './studio-client'

export type TestState = { running: true } | { running: false; result?: ConnectionTestResult; error?: string }

interface SettingsState {
  info: AppInfo | undefined
  settings: StudioSettings | undefined
  targets: StorageTarget[]
  encoders: EncoderReport | undefined
  encodersLoading: boolean
  tests: Record<string, TestState>
  /** Why the studio could not be reached at start, in plain words. */
  loadError: string | undefined
  load: () => Promise<void>
  update: (patch: StudioSettingsPatch, success?: string) => Promise<boolean>
  loadEncoders: (refresh?: boolean) => Promise<void>
  saveTarget: (input: AddTargetInput) => Promise<StorageTarget | undefined>
  removeTarget: (name: string) => Promise<void>
  testTarget: (name: string) => Promise<void>
  applyCors: (name: string) => Promise<CorsReport | undefined>
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  info: undefined,
  settings: undefined,
  targets: [],
  encoders: undefined,
  encodersLoading: false,
  tests: {},
  loadError: undefined,
  load: async () => {
    try {
      const [info, settings, targets] = await Promise.all([
        studio().invoke('app.info'),
        studio().invoke('settings.get'),
        studio().invoke('targets.list')
      ])
      set({ info, settings, targets, loadError: undefined })
    } catch (error) {
      set({ loadError: errorText(error) })
    }
  },
  update: async (patch, success = 'Settings saved.') => {
    const settings = await attempt(() => studio().invoke('settings.update', patch), success)
    if (settings) set({ settings })
    return settings !== undefined
  },
  loadEncoders: async (refresh = false) => {
    set({ encodersLoading: true })
    const encoders = await attempt(() => studio().invoke('encoders.report', { refresh }))
    set({ encodersLoading: false, ...(encoders ? { encoders } : {}) })
  },
  saveTarget: async (input) => {
    const target = await attempt(() => studio().invoke('targets.save', input), `Target “${input.target.name}” saved.`)
    if (target) set({ targets: [...get().targets.filter((t) => t.name !== target.name), target].sort((a, b) => a.name.localeCompare(b.name)) })
    return target
  },
  removeTarget: async (name) => {
    const removed = await attempt(() => studio().invoke('targets.remove', { name }), `Target “${name}” removed.`)
    if (removed) set({ targets: get().targets.filter((t) => t.name !== name) })
  },
  testTarget: async (name) => {
    set({ tests: { ...get().tests, [name]: { running: true } } })
    try {
      const result = await studio().invoke('targets.test', { name })
      set({ tests: { ...get().tests, [name]: { running: false, result } } })
    } catch (error) {
      set({ tests: { ...get().tests, [name]: { running: false, error: errorText(error) } } })
    }
  },
  applyCors: async (name) => {
    const origins = typeof window === 'undefined' || !/^https?:/.test(window.location.origin) ? undefined : [window.location.origin]
    const report = await attempt(() => studio().invoke('targets.applyCors', { name, origins }))
    if (!report) return undefined
    notify(report.allowsPlayback ? `CORS on “${name}” now allows playback.` : report.detail, report.allowsPlayback ? 'success' : 'error')
    const current = get().tests[name]
    if (current && !current.running && current.result) {
      set({ tests: { ...get().tests, [name]: { running: false, result: { ...current.result, cors: report } } } })
    }
    return report
  }
}))
