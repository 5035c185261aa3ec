import { useEffect } from 'react'
import { Clapperboard, RefreshCw } from 'lucide-react'
import { useLibraryStore } from '../../stores/library-store'
import { navigate } from '../../stores/nav-store'
import { Button } from '../common/Button'
import { EmptyState } from '../common/EmptyState'
import { CollectionSection } from './CollectionSection'
import { LibraryItemCard } from './LibraryItemCard'

export function LibraryScreen(): React.JSX.Element {
  const collections = useLibraryStore((s) => s.collections)
  const loaded = useLibraryStore((s) => s.loaded)
  const loading = useLibraryStore((s) => s.loading)
  const error = useLibraryStore((s) => s.error)
  useEffect(() => {
    void useLibraryStore.getState().refresh()
  }, [])
  const items = collections.reduce((n, c) => n + c.items.length, 0)
  // A title with several packages (episodes, re-encodes) gets its own row; one-offs share a grid.
  const series = collections.filter((c) => c.items.length > 1)
  const singles = collections
    .filter((c) => c.items.length === 1)
    .map((c) => c.items[0]!)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))

  return (
    <div className="screen library-screen" data-testid="library">
      <header className="screen-header">
        <div className="screen-title">
          <h1>Library</h1>
          {items > 0 && (
            <span className="screen-count tabular">
              {items} {items === 1 ? 'package' : 'packages'} in {collections.length} {collections.length === 1 ? 'collection' : 'collections'}
            </span>
          )}
        </div>
        <div className="screen-actions">
          <Button icon={<RefreshCw size={16} />} onClick={() => void useLibraryStore.getState().refresh()} busy={loading && loaded}>
            Refresh
          </Button>
        </div>
      </header>
      {error && <div className="callout callout-danger" role="alert"><p>{error}</p></div>}
      {!loaded ? (
        <div className="loading-block" aria-busy="true">Loading the library…</div>
      ) : collections.length === 0 ? (
        <EmptyState
          icon={<Clapperboard size={28} />}
          title="Nothing finished yet"
          actions={
            <Button variant="primary" onClick={() => navigate({ screen: 'queue' })}>
              Go to the queue
            </Button>
          }
        >
          <p>Finished packages appear here, on this computer and in your buckets, grouped by title: episodes of one series sit together.</p>
        </EmptyState>
      ) : (
        <div className="collections">
          {series.map((collection) => (
            <CollectionSection key={collection.slug} collection={collection} />
          ))}
          {singles.length > 0 && (
            <section className="collection" aria-label="Single titles">
              {series.length > 0 && (
                <header className="collection-header">
                  <h2>Single titles</h2>
                </header>
              )}
              <div className="item-grid">
                {singles.map((item) => (
                  <LibraryItemCard key={item.jobId} item={item} />
                ))}
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  )
}
