import { useEffect, useRef, useState, type ReactNode } from 'react'
import { FolderInput } from 'lucide-react'
import { addSources } from '../../intake/add-sources'
import { carriesFiles, readDrop } from '../../intake/dropped-sources'

/**
 * The whole window takes dropped files and folders, whatever screen is showing. Row drags
 * inside the queue carry no files, so they never open this overlay.
 */
export function DropZone({ children }: { children: ReactNode }): React.JSX.Element {
  const [active, setActive] = useState(false)
  // dragenter/dragleave fire for every child crossed: count them to know when the drag left.
  const depth = useRef(0)

  useEffect(() => {
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event.dataTransfer)) return
      event.preventDefault()
      depth.current += 1
      setActive(true)
    }
    const onOver = (event: DragEvent): void => {
      if (!carriesFiles(event.dataTransfer)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event.dataTransfer)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setActive(false)
    }
    const onDrop = (event: DragEvent): void => {
      if (!carriesFiles(event.dataTransfer) || !event.dataTransfer) return
      event.preventDefault()
      depth.current = 0
      setActive(false)
      void readDrop(event.dataTransfer).then(addSources)
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [])

  return (
    <>
      {children}
      {active && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-card">
            <FolderInput size={40} aria-hidden="true" />
            <p className="drop-title">Drop to encode</p>
            <p className="drop-text">Videos, audio, or whole folders. Each file becomes an adaptive HLS package.</p>
          </div>
        </div>
      )}
    </>
  )
}
