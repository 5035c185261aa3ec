import type { EncodePlan } from '@shared/plan'

/** What the studio did to the source (deinterlaced, tone-mapped, …), as the plan records it. */
export function SourceTreatments({ plan }: { plan?: EncodePlan }): React.JSX.Element | null {
  if (!plan) return null
  // Jobs planned before treatments were recorded have none.
  const treatments = plan.treatments ?? []
  return (
    <div className="treatments" data-testid="source-treatments">
      <h3 className="treatments-title">Done to the source</h3>
      {treatments.length === 0 ? (
        <p className="muted small">Nothing: encoded as it is.</p>
      ) : (
        <ul className="treatments-list">
          {treatments.map((t, i) => (
            <li key={`${t.kind}-${i}`} data-kind={t.kind}>
              {t.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
