import { useRef } from 'react'
import { FilePlus2, FolderPlus } from 'lucide-react'
import { addPickedPaths, addSources } from '../../intake/add-sources'
import { sourcesFromPicker } from '../../intake/dropped-sources'
import { useIntakeStore } from '../../stores/intake-store'
import { attempt } from '../../stores/notices-store'
import { useSettingsStore } from '../../stores/settings-store'
import { studio } from '../../stores/studio-client'
import { Button } from '../common/Button'

/** The keyboard way in: the same as a drop, through the native picker or the browser's. */
export function AddSourcesButtons({ primary = false }: { primary?: boolean }): React.JSX.Element {
  const desktop = useSettingsStore((s) => s.info?.canUseLocalPaths ?? false)
  const busy = useIntakeStore((s) => s.busy)
  const mp4Choice = useIntakeStore((s) => s.mp4)
  const mp4Default = useSettingsStore((s) => Boolean(s.settings?.encode.mp4))
  const mp4 = mp4Choice ?? mp4Default
  const filesInput = useRef<HTMLInputElement>(null)
  const folderInput = useRef<HTMLInputElement>(null)

  const pick = async (kind: 'files' | 'folder'): Promise<void> => {
    if (!desktop) {
      ;(kind === 'files' ? filesInput : folderInput).current?.click()
      return
    }
    const picked = await attempt(() => studio().invoke('dialog.pickSources', { kind }))
    if (picked) await addPickedPaths(picked.paths)
  }
  const onPicked = (event: React.ChangeEvent<HTMLInputElement>): void => {
    const sources = sourcesFromPicker(event.currentTarget.files)
    event.currentTarget.value = ''
    void addSources(sources)
  }

  return (
    <div className="add-sources">
      <Button variant={primary ? 'primary' : 'secondary'} icon={<FilePlus2 size={16} />} onClick={() => void pick('files')} busy={busy}>
        Add files
      </Button>
      <Button variant="secondary" icon={<FolderPlus size={16} />} onClick={() => void pick('folder')} disabled={busy}>
        Add folder
      </Button>
      <label className="check drop-option" title="Also make download/<slug>.mp4 beside the HLS, for this drop (the default is in Settings → Encoding)">
        <input type="checkbox" checked={mp4} onChange={(e) => useIntakeStore.getState().setMp4(e.currentTarget.checked)} />
        <span>MP4 download</span>
      </label>
      <input ref={filesInput} type="file" multiple hidden accept="video/*,audio/*,.mkv,.mov,.mxf,.ts,.m2ts,.flac,.wav" onChange={onPicked} data-testid="pick-files" />
      <input ref={folderInput} type="file" multiple hidden onChange={onPicked} data-testid="pick-folder" {...{ webkitdirectory: '' }} />
    </div>
  )
}
