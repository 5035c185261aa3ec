import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fontFolderCandidates, SUBTITLE_FONT_FILE, subtitleFontsDir } from '../../../src/main/engine/media/resources'

describe('the bundled subtitle font', () => {
  it('is found in the repository, with its licence beside it', () => {
    const dir = subtitleFontsDir()
    expect(existsSync(join(dir, SUBTITLE_FONT_FILE))).toBe(true)
    expect(existsSync(join(dir, 'LICENSE.txt'))).toBe(true)
  })

  it('is looked for beside app.asar in a packaged app, and never inside the archive', () => {
    const candidates = fontFolderCandidates('/opt/HLS Studio/resources/app.asar/out/main', '/opt/HLS Studio/resources')
    expect(candidates.slice(0, 3)).toEqual([
      '/opt/HLS Studio/resources/fonts',
      '/opt/HLS Studio/resources/resources/fonts',
      '/opt/HLS Studio/resources/app.asar.unpacked/resources/fonts'
    ])
    expect(candidates).toContain('/opt/HLS Studio/resources/app.asar.unpacked/resources/fonts')
    expect(candidates.some((c) => /app\.asar[\\/]/.test(c))).toBe(false)
  })
})
