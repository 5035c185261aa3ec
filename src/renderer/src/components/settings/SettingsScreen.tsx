import { useEffect } from 'react'
import { useSettingsStore } from '../../stores/settings-store'
import { AutomationPanel } from './AutomationPanel'
import { EncodeDefaultsPanel } from './EncodeDefaultsPanel'
import { FfmpegPanel } from './FfmpegPanel'
import { OutputPanel } from './OutputPanel'
import { TargetsPanel } from './TargetsPanel'
import { WorkersPanel } from './WorkersPanel'

const SECTIONS = [
  { id: 'targets', label: 'Storage targets' },
  { id: 'encoding', label: 'Encoding' },
  { id: 'output', label: 'Queue & output' },
  { id: 'ffmpeg', label: 'ffmpeg' },
  { id: 'workers', label: 'Workers' },
  { id: 'automation', label: 'Automation' }
]

export function SettingsScreen({ section }: { section?: string }): React.JSX.Element {
  const settings = useSettingsStore((s) => s.settings)
  const info = useSettingsStore((s) => s.info)

  const ready = !!settings && !!info
  // The sections exist once settings have loaded: a link to one scrolls there then.
  useEffect(() => {
    if (section && ready) document.getElementById(section)?.scrollIntoView({ block: 'start' })
  }, [section, ready])

  return (
    <div className="screen settings-screen" data-testid="settings">
      <header className="screen-header">
        <div className="screen-title">
          <h1>Settings</h1>
        </div>
        <nav className="settings-tabs" aria-label="Settings sections">
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#/settings/${s.id}`} className={section === s.id ? 'is-current' : ''}>
              {s.label}
            </a>
          ))}
        </nav>
      </header>
      {!settings || !info ? (
        <div className="loading-block" aria-busy="true">Loading settings…</div>
      ) : (
        <div className="settings-stack">
          <TargetsPanel />
          <EncodeDefaultsPanel settings={settings} />
          <OutputPanel settings={settings} info={info} />
          <FfmpegPanel settings={settings} info={info} />
          <WorkersPanel />
          <AutomationPanel />
        </div>
      )}
    </div>
  )
}
