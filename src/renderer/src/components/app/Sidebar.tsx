import { Clapperboard, ListVideo, Settings } from 'lucide-react'
import { FINAL_STATUSES, type JobStatus } from '@shared/job'
import { useJobsStore } from '../../stores/jobs-store'
import { navigate, useNavStore, type Route } from '../../stores/nav-store'
import { useSettingsStore } from '../../stores/settings-store'
import { shortFfmpegVersion } from '../../format/ffmpeg-version'
import { BrandMark } from './BrandMark'

const NAV: Array<{ screen: Route['screen']; label: string; icon: typeof ListVideo; target: Route }> = [
  { screen: 'queue', label: 'Queue', icon: ListVideo, target: { screen: 'queue' } },
  { screen: 'library', label: 'Library', icon: Clapperboard, target: { screen: 'library' } },
  { screen: 'settings', label: 'Settings', icon: Settings, target: { screen: 'settings' } }
]

/** Which nav item a screen belongs to: a job's detail sits under Queue, the player under Library. */
function section(route: Route): Route['screen'] {
  if (route.screen === 'job') return 'queue'
  if (route.screen === 'player') return 'library'
  return route.screen
}

export function Sidebar(): React.JSX.Element {
  const route = useNavStore((s) => s.route)
  const running = useJobsStore((s) => (s.queue ? Object.entries(s.queue.counts).reduce((n, [status, c]) => n + (FINAL_STATUSES.has(status as JobStatus) ? 0 : c), 0) : 0))
  const info = useSettingsStore((s) => s.info)
  const current = section(route)
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <BrandMark />
        <span className="brand-name">HLS Studio</span>
      </div>
      <ul className="nav-list">
        {NAV.map(({ screen, label, icon: Icon, target }) => (
          <li key={screen}>
            <a
              href={`#/${screen}`}
              className={`nav-item${current === screen ? ' is-current' : ''}`}
              aria-current={current === screen ? 'page' : undefined}
              // A narrow window shows the icon alone: the name stays for screen readers and as a tooltip.
              aria-label={screen === 'queue' && running > 0 ? `${label}, ${running} waiting or running` : label}
              title={label}
              onClick={(event) => {
                event.preventDefault()
                navigate(target)
              }}
            >
              <Icon size={18} aria-hidden="true" />
              <span>{label}</span>
              {screen === 'queue' && running > 0 && (
                <span className="nav-count tabular" aria-hidden="true">
                  {running}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        {info && (
          <div className="engine-card" title={info.ffmpeg.path}>
            <span className="engine-dot" aria-hidden="true" />
            <div>
              <div className="engine-line">{info.mode === 'server' ? 'Server engine' : 'Desktop engine'}</div>
              <div className="engine-sub">ffmpeg {shortFfmpegVersion(info.ffmpeg.version)} · {info.ffmpeg.source}</div>
            </div>
          </div>
        )}
      </div>
    </nav>
  )
}
