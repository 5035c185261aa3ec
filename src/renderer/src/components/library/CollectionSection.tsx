import type { LibraryCollection } from '@shared/app'
import { LibraryItemCard } from './LibraryItemCard'

/** One title: every package made from it, newest first, local and published together. */
export function CollectionSection({ collection }: { collection: LibraryCollection }): React.JSX.Element {
  const items = [...collection.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  return (
    <section className="collection" aria-labelledby={`collection-${collection.slug}`} data-slug={collection.slug}>
      <header className="collection-header">
        <h2 id={`collection-${collection.slug}`}>{collection.title}</h2>
        <span className="mono collection-slug">{collection.slug}</span>
        <span className="collection-count">{items.length === 1 ? '1 package' : `${items.length} packages`}</span>
      </header>
      <div className="item-grid">
        {items.map((item) => (
          <LibraryItemCard key={item.jobId} item={item} />
        ))}
      </div>
    </section>
  )
}
