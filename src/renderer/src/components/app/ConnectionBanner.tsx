import { useEffect, useState } from 'react'
import { WifiOff } from 'lucide-react'
import type { ConnectionState, WebSocketStudioClient } from '../../client'

const TEXT: Partial<Record<ConnectionState, string>> = {
  reconnecting: 'The connection to the studio dropped. Reconnecting… Jobs keep running on the server.',
  unauthorized: 'The studio refused this page. Open it again with the link `hls-studio serve` printed: it carries the token.',
  closed: 'The connection to the studio is closed. Reload the page to reconnect.'
}

/** Only in a browser against `serve`: the desktop app's IPC cannot drop. */
export function ConnectionBanner({ socket }: { socket?: WebSocketStudioClient }): React.JSX.Element | null {
  const [state, setState] = useState<ConnectionState | undefined>(socket?.state)
  useEffect(() => socket?.onConnectionChange(setState), [socket])
  const text = state ? TEXT[state] : undefined
  if (!text) return null
  return (
    <div className={`connection-banner${state === 'reconnecting' ? '' : ' is-error'}`} role="alert">
      <WifiOff size={16} aria-hidden="true" />
      <span>{text}</span>
    </div>
  )
}
