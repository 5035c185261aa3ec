import { CircleAlert, CircleCheck, Info, X } from 'lucide-react'
import { useNoticesStore } from '../../stores/notices-store'

const ICONS = { info: Info, success: CircleCheck, error: CircleAlert }

/** Errors are announced assertively and stay until dismissed; the rest fade on their own. */
export function Toasts(): React.JSX.Element {
  const notices = useNoticesStore((s) => s.notices)
  const dismiss = useNoticesStore((s) => s.dismiss)
  return (
    <div className="toasts" aria-live="polite">
      {notices.map((notice) => {
        const Icon = ICONS[notice.tone]
        return (
          <div key={notice.id} className={`toast toast-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
            <Icon size={18} aria-hidden="true" className="toast-icon" />
            <p>{notice.text}</p>
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(notice.id)}>
              <X size={16} aria-hidden="true" />
            </button>
          </div>
        )
      })}
    </div>
  )
}
