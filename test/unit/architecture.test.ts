import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir)
  try {
    statSync(abs)
  } catch {
    return []
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(abs, f))
}

/** Every module specifier a file imports, statically or dynamically. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers: string[] = []
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    specifiers.push(match[1] ?? match[2] ?? match[3] ?? match[4]!)
  }
  return specifiers
}

function offenders(dir: string, forbidden: (specifier: string, file: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((s) => forbidden(s, file))
      .map((s) => `${relative(root, file)} imports ${s}`)
  )
}

describe('architecture: arrows point down', () => {
  it('finds the engine sources (so the checks below cannot pass vacuously)', () => {
    expect(sourceFiles('src/main/engine').length).toBeGreaterThan(10)
    expect(importsOf(join(root, 'src/main/engine/media/runner.ts'))).toContain('node:child_process')
  })

  it('the engine never imports electron, the cli, the server or the renderer', () => {
    const above = ['src/main/cli', 'src/main/server', 'src/main/electron', 'src/main/index.ts', 'src/renderer', 'src/preload']
    const forbidden = (specifier: string, file: string): boolean => {
      if (specifier === 'electron' || specifier.startsWith('electron/')) return true
      if (!specifier.startsWith('.')) return false
      const target = relative(root, resolve(dirname(file), specifier))
      return above.some((dir) => target === dir || target.startsWith(`${dir}/`) || `${target}.ts` === dir)
    }
    expect(offenders('src/main/engine', forbidden)).toEqual([])
  })

  it('the cli and the server never import electron', () => {
    const electron = (s: string) => s === 'electron' || s.startsWith('electron/')
    expect([...offenders('src/main/cli', electron), ...offenders('src/main/server', electron)]).toEqual([])
  })

  it('shared code uses neither Node nor the DOM-only renderer', () => {
    expect(offenders('src/shared', (s) => s.startsWith('node:') || s.startsWith('.') && s.includes('main/'))).toEqual([])
  })

  it('nothing imports the renderer, and the renderer imports no Node or Electron module', () => {
    for (const dir of ['src/main', 'src/preload', 'src/shared']) {
      expect(offenders(dir, (s) => s.includes('renderer/'))).toEqual([])
    }
    expect(offenders('src/renderer', (s) => s.startsWith('node:') || s === 'electron' || s.includes('/main/'))).toEqual([])
  })
})
