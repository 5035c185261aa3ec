import { useState } from 'react'
import { Check, Copy } from 'lucide-react'
import { notify } from '../../stores/notices-store'

/** Copies a URL; says so in place, since a toast far away is easy to miss. */
export function CopyButton({ text, label = 'Copy URL' }: { text: string; label?: string }): React.JSX.Element {
  const [copied, setCopied] = useState(false)
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
      setTimeout(() => setCopied(false), 1600)
    } catch {
      notify('The clipboard is not available here. Select the URL and copy it by hand.', 'error')
    }
  }
  return (
    <button type="button" className={`copy-btn${copied ? ' is-copied' : ''}`} onClick={() => void copy()} aria-label={copied ? 'Copied' : label}>
      {copied ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
      <span>{copied ? 'Copied' : label}</span>
    </button>
  )
}
