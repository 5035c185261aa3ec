/**
 * The `subtitles` filter argument goes through two parsers: the filter's option parser
 * (where `\`, `'` and `:` are special) and then the filtergraph parser (where `\`, `'`, `[`,
 * `]`, `,` and `;` are). A path is escaped for the first, the whole filter text for the second.
 * https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping
 */
export function escapeFilterOptionValue(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`)
}

export function escapeFilterGraphText(text: string): string {
  return text.replace(/[\\'[\],;]/g, (c) => `\\${c}`)
}

export interface SubtitlesFilterInput {
  /** Subtitle file, relative to ffmpeg's working folder or absolute. */
  file: string
  /** Extra fonts folder libass loads before asking the system. */
  fontsDir?: string
  /** ASS style overrides, e.g. "FontName=DejaVu Sans". */
  forceStyle?: string
}

/** One filter, ready to sit in a filter chain (`…,subtitles=…,split=…`). */
export function subtitlesFilter(input: SubtitlesFilterInput): string {
  const options = [`filename=${escapeFilterOptionValue(input.file)}`]
  if (input.fontsDir) options.push(`fontsdir=${escapeFilterOptionValue(input.fontsDir)}`)
  if (input.forceStyle) options.push(`force_style=${escapeFilterOptionValue(input.forceStyle)}`)
  return escapeFilterGraphText(`subtitles=${options.join(':')}`)
}

function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export interface FontconfigInput {
  /** The configuration the user already has (FONTCONFIG_FILE), kept so system fonts still match. */
  baseConfig?: string
  fontsDir: string
  cacheDir: string
  platform?: NodeJS.Platform
}

/**
 * A fontconfig file for one ffmpeg run: the system's configuration plus the studio's font
 * folder. libass asks fontconfig for a fallback when a style's font (Arial, say) is missing;
 * on a machine with no fonts at all only fontconfig can hand it the bundled one.
 */
export function renderFontconfig(input: FontconfigInput): string {
  const platform = input.platform ?? process.platform
  const include = input.baseConfig ?? '/etc/fonts/fonts.conf'
  const systemDirs =
    platform === 'darwin'
      ? ['/System/Library/Fonts', '/Library/Fonts', '~/Library/Fonts']
      : platform === 'win32'
        ? ['WINDOWSFONTDIR']
        : []
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <include ignore_missing="yes">${xmlText(include)}</include>`,
    ...systemDirs.map((dir) => `  <dir>${xmlText(dir)}</dir>`),
    `  <dir>${xmlText(input.fontsDir)}</dir>`,
    `  <cachedir>${xmlText(input.cacheDir)}</cachedir>`,
    '</fontconfig>',
    ''
  ]
  return lines.join('\n')
}
