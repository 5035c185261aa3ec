import { create } from 'zustand'

export type Route =
  | { screen: 'queue' }
  | { screen: 'job'; id: string }
  | { screen: 'library' }
  | { screen: 'player'; id: string; from: 'local' | 'remote' }
  | { screen: 'settings'; section?: string }

/** Routes live in the URL hash so reload, back/forward and tests can reach any screen. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent)
  const params = new URLSearchParams(query)
  switch (parts[0]) {
    case 'job':
      return parts[1] ? { screen: 'job', id: parts[1] } : { screen: 'queue' }
    case 'library':
      return { screen: 'library' }
    case 'player':
      return parts[1] ? { screen: 'player', id: parts[1], from: params.get('from') === 'remote' ? 'remote' : 'local' } : { screen: 'library' }
    case 'settings':
      return parts[1] ? { screen: 'settings', section: parts[1] } : { screen: 'settings' }
    default:
      return { screen: 'queue' }
  }
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'queue':
      return '#/queue'
    case 'job':
      return `#/job/${encodeURIComponent(route.id)}`
    case 'library':
      return '#/library'
    case 'player':
      return `#/player/${encodeURIComponent(route.id)}?from=${route.from}`
    case 'settings':
      return route.section ? `#/settings/${encodeURIComponent(route.section)}` : '#/settings'
  }
}

interface NavState {
  route: Route
  navigate: (route: Route) => void
}

const initialHash = typeof window === 'undefined' ? '' : window.location.hash

export const useNavStore = create<NavState>()((set) => ({
  route: parseRoute(initialHash),
  navigate: (route) => {
    const hash = routeHash(route)
    if (typeof window !== 'undefined' && window.location.hash !== hash) window.location.hash = hash
    set({ route })
  }
}))

/** Keeps the route in step with back/forward and typed URLs; returns the unsubscribe. */
export function followLocationHash(): () => void {
  const onChange = (): void => useNavStore.setState({ route: parseRoute(window.location.hash) })
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function navigate(route: Route): void {
  useNavStore.getState().navigate(route)
}
