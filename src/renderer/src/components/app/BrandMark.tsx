/** The studio's mark: a ladder of bitrates inside a play shape. */
export function BrandMark({ size = 28 }: { size?: number }): React.JSX.Element {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="brand-mark">
      <defs>
        <linearGradient id="brand-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6366f1" />
          <stop offset="1" stopColor="#a855f7" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#brand-gradient)" />
      <rect x="8" y="19" width="4" height="6" rx="1.2" fill="#fff" opacity="0.75" />
      <rect x="14" y="14" width="4" height="11" rx="1.2" fill="#fff" opacity="0.88" />
      <rect x="20" y="8" width="4" height="17" rx="1.2" fill="#fff" />
    </svg>
  )
}
