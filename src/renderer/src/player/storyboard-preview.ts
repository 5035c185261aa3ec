import type Player from 'video.js/dist/types/player'
import { cueAt, parseStoryboardVtt, type StoryboardCue } from './storyboard-vtt'

/** The preview is drawn at this width whatever the sprite's tile size. */
const PREVIEW_WIDTH = 176

/**
 * Storyboard previews on the seek bar: hovering the progress control shows the sprite tile
 * for that moment above the pointer. Written for video.js 8 directly; no maintained plugin
 * reads `#xywh` storyboards for it. Returns a function that removes everything it added.
 */
export async function attachStoryboard(player: Player, vttUrl: string, signal: AbortSignal): Promise<() => void> {
  const response = await fetch(vttUrl, { signal })
  if (!response.ok) return () => undefined
  const cues = parseStoryboardVtt(await response.text(), response.url || vttUrl)
  if (cues.length === 0 || signal.aborted) return () => undefined

  const control = player.getChild('ControlBar')?.getChild('ProgressControl')?.el() as HTMLElement | undefined
  if (!control) return () => undefined
  const preview = document.createElement('div')
  preview.className = 'storyboard-preview'
  preview.setAttribute('aria-hidden', 'true')
  const frame = document.createElement('div')
  frame.className = 'storyboard-frame'
  const time = document.createElement('span')
  time.className = 'storyboard-time'
  preview.append(frame, time)
  control.append(preview)
  // Scaling a tile needs its sheet's full size, known once the sheet has loaded.
  const sheets = new Map<string, { width: number; height: number }>()
  for (const url of new Set(cues.map((c) => c.image))) {
    const image = new Image()
    image.onload = () => sheets.set(url, { width: image.naturalWidth, height: image.naturalHeight })
    image.src = url
  }

  const show = (cue: StoryboardCue, x: number, seconds: number): void => {
    const sheet = sheets.get(cue.image)
    const scale = sheet ? PREVIEW_WIDTH / cue.w : 1
    const width = cue.w * scale
    frame.style.width = `${width}px`
    frame.style.height = `${Math.round(cue.h * scale)}px`
    frame.style.backgroundImage = `url("${cue.image}")`
    frame.style.backgroundPosition = `${-cue.x * scale}px ${-cue.y * scale}px`
    frame.style.backgroundSize = sheet ? `${sheet.width * scale}px ${sheet.height * scale}px` : 'auto'
    const half = width / 2
    const left = Math.max(half, Math.min(control.clientWidth - half, x))
    preview.style.transform = `translateX(${left - half}px)`
    time.textContent = formatClock(seconds)
    preview.classList.add('is-visible')
  }
  const onMove = (event: MouseEvent): void => {
    const duration = player.duration()
    if (!duration || !Number.isFinite(duration)) return
    const box = control.getBoundingClientRect()
    const x = event.clientX - box.left
    const seconds = Math.max(0, Math.min(duration, (x / box.width) * duration))
    const cue = cueAt(cues, seconds)
    if (cue) show(cue, x, seconds)
  }
  const onLeave = (): void => preview.classList.remove('is-visible')
  control.addEventListener('mousemove', onMove)
  control.addEventListener('mouseleave', onLeave)
  // The preview carries its own time; video.js's hover time would sit beside it.
  player.addClass('has-storyboard')
  return () => {
    player.removeClass('has-storyboard')
    control.removeEventListener('mousemove', onMove)
    control.removeEventListener('mouseleave', onLeave)
    preview.remove()
  }
}

function formatClock(seconds: number): string {
  const s = Math.floor(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`
}
