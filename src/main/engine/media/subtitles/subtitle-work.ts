import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { StudioError } from '@shared/errors'
import { SUBTITLE_FONT_FAMILY, subtitleFontsDir } from '../resources'
import { runMediaProcess } from '../runner'
import { renderFontconfig, subtitlesFilter } from './burn-filter'
import { parseSrt, parseWebVtt, renderSrt, type Cue } from './cues'
import type { SubtitleText } from './subtitle-file'

/**
 * Scratch space inside the job's work folder, removed before the package is listed. Files
 * here get fixed, safe names, so no user path ever has to survive the filter parser.
 */
export const WORK_FOLDER = '.work'

export interface BurnInSetup {
  /** The `subtitles=` filter, with paths relative to the job's work folder (ffmpeg's cwd). */
  filter: string
  /** Environment for the ffmpeg run: FONTCONFIG_FILE pointing at the studio's font setup. */
  env: Record<string, string>
}

async function copyFonts(target: string): Promise<void> {
  const source = subtitleFontsDir()
  await mkdir(target, { recursive: true })
  for (const name of await readdir(source)) {
    if (/\.(ttf|otf)$/i.test(name)) await copyFile(join(source, name), join(target, name))
  }
}

/**
 * Copies the subtitles (as UTF-8, WebVTT turned into SRT) and the bundled font into the work
 * folder, and writes a fontconfig file that adds that font to whatever the system has.
 * SRT and WebVTT are drawn in the bundled font everywhere; ASS keeps its own styles and
 * falls back to the bundled font when the machine lacks the fonts they name.
 */
export async function prepareBurnIn(workDir: string, subtitle: SubtitleText, env = process.env): Promise<BurnInSetup> {
  const scratch = join(workDir, WORK_FOLDER)
  const fonts = join(scratch, 'fonts')
  await copyFonts(fonts)
  const isAss = subtitle.format === 'ass'
  const file = `${WORK_FOLDER}/subtitles.${isAss ? 'ass' : 'srt'}`
  const text = subtitle.format === 'vtt' ? renderSrt(parseWebVtt(subtitle.text)) : subtitle.text
  await writeFile(join(workDir, file), text, 'utf8')
  const fontconfig = join(scratch, 'fonts.conf')
  await writeFile(
    fontconfig,
    renderFontconfig({ baseConfig: env.FONTCONFIG_FILE, fontsDir: fonts, cacheDir: join(scratch, 'fontcache') })
  )
  return {
    filter: subtitlesFilter({
      file,
      fontsDir: `${WORK_FOLDER}/fonts`,
      forceStyle: isAss ? undefined : `FontName=${SUBTITLE_FONT_FAMILY}`
    }),
    env: { FONTCONFIG_FILE: fontconfig }
  }
}

/** ASS/SSA styling does not survive as WebVTT; ffmpeg keeps the text, italics and bold. */
async function assToWebVtt(ffmpegPath: string, assFile: string, signal?: AbortSignal): Promise<string> {
  const result = await runMediaProcess({
    binary: ffmpegPath,
    args: ['-hide_banner', '-nostdin', '-v', 'error', '-i', assFile, '-map', '0:s:0', '-c:s', 'webvtt', '-f', 'webvtt', 'pipe:1'],
    label: `convert subtitles ${basename(assFile)}`,
    captureStdout: true,
    timeoutMs: 60_000,
    signal
  })
  return result.stdout.toString('utf8')
}

/** The cues of a subtitle file, whatever its format; an empty file is a plain-words error. */
export async function loadCues(subtitle: SubtitleText, workDir: string, ffmpegPath: string, signal?: AbortSignal): Promise<Cue[]> {
  let cues: Cue[]
  if (subtitle.format === 'srt') cues = parseSrt(subtitle.text)
  else if (subtitle.format === 'vtt') cues = parseWebVtt(subtitle.text)
  else {
    // ffmpeg reads ASS as UTF-8: hand it the decoded text, under a safe name.
    await mkdir(join(workDir, WORK_FOLDER), { recursive: true })
    const file = join(workDir, WORK_FOLDER, 'source.ass')
    await writeFile(file, subtitle.text, 'utf8')
    cues = parseWebVtt(await assToWebVtt(ffmpegPath, file, signal).catch(() => ''))
  }
  if (cues.length === 0) {
    throw new StudioError('SUBTITLES_INVALID', `No subtitle cues could be read from ${basename(subtitle.path)}.`)
  }
  return cues
}
