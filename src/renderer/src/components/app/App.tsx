import { lazy, Suspense, useEffect } from 'react'
import type { WebSocketStudioClient } from '../../client'
import { followLocationHash, useNavStore } from '../../stores/nav-store'
import { useSettingsStore } from '../../stores/settings-store'
import { Toasts } from '../common/Toasts'
import { JobDetailScreen } from '../detail/JobDetailScreen'
import { LibraryScreen } from '../library/LibraryScreen'
import { QueueScreen } from '../queue/QueueScreen'
import { SettingsScreen } from '../settings/SettingsScreen'
import { ConnectionBanner } from './ConnectionBanner'
import { DropZone } from './DropZone'
import { Sidebar } from './Sidebar'
import { StartupProblem } from './StartupProblem'
import { useWindowTitle } from './useWindowTitle'

/** video.js is most of the bundle: it loads when the player first opens, not at start. */
const PlayerScreen = lazy(() => import('../player/PlayerScreen').then((m) => ({ default: m.PlayerScreen })))

function Screen(): React.JSX.Element {
  const route = useNavStore((s) => s.route)
  switch (route.screen) {
    case 'queue':
      return <QueueScreen />
    case 'job':
      return <JobDetailScreen key={route.id} id={route.id} />
    case 'library':
      return <LibraryScreen />
    case 'player':
      return (
        <Suspense fallback={<div className="loading-block">Opening the player…</div>}>
          <PlayerScreen key={`${route.id}-${route.from}`} id={route.id} from={route.from} />
        </Suspense>
      )
    case 'settings':
      return <SettingsScreen section={route.section} />
  }
}

export function App({ socket }: { socket?: WebSocketStudioClient }): React.JSX.Element {
  useWindowTitle()
  useEffect(() => followLocationHash(), [])
  const loadError = useSettingsStore((s) => s.loadError)
  return (
    <DropZone>
      <div className="app">
        <Sidebar />
        <main className="main" id="main">
          <ConnectionBanner socket={socket} />
          {loadError ? <StartupProblem message={loadError} /> : <Screen />}
        </main>
      </div>
      <Toasts />
    </DropZone>
  )
}
