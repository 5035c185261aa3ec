import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RotatingLogFile } from '../../../src/main/engine/logging/rotating-log-file'
import { tempDir } from '../../helpers/media'

describe('RotatingLogFile', () => {
  const dirs: Array<{ cleanup: () => void }> = []
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()))
  const folder = (): string => {
    const dir = tempDir('hls-studio-log-')
    dirs.push(dir)
    return dir.path
  }

  it('rotates by size, keeps the newest lines in order, and no more files than asked', () => {
    const dir = folder()
    const path = join(dir, 'logs', 'studio.log')
    const file = new RotatingLogFile(path, { maxBytes: 100, keep: 2 })
    const lines = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, '0')} ${'x'.repeat(12)}\n`)
    for (const line of lines) file.write(line)
    file.close()

    expect(readdirSync(join(dir, 'logs')).sort()).toEqual(['studio.log', 'studio.log.1', 'studio.log.2'])
    for (const name of ['studio.log', 'studio.log.1', 'studio.log.2']) expect(statSync(join(dir, 'logs', name)).size).toBeLessThanOrEqual(100)
    // Oldest first across the kept files: .2, .1, then the live one end with the last line written.
    const kept = ['studio.log.2', 'studio.log.1', 'studio.log'].map((name) => readFileSync(join(dir, 'logs', name), 'utf8')).join('')
    expect(lines.join('').endsWith(kept)).toBe(true)
    expect(kept.endsWith(lines.at(-1)!)).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('appends to the file a previous run left, counting its size', () => {
    const path = join(folder(), 'studio.log')
    const first = new RotatingLogFile(path, { maxBytes: 50 })
    first.write(`${'a'.repeat(40)}\n`)
    first.close()
    const second = new RotatingLogFile(path, { maxBytes: 50 })
    second.write(`${'b'.repeat(20)}\n`)
    second.close()
    expect(readFileSync(`${path}.1`, 'utf8')).toBe(`${'a'.repeat(40)}\n`)
    expect(readFileSync(path, 'utf8')).toBe(`${'b'.repeat(20)}\n`)
  })

  it('drops a line written after close instead of throwing', () => {
    const path = join(folder(), 'studio.log')
    const file = new RotatingLogFile(path)
    file.write('kept\n')
    file.close()
    expect(() => file.write('late\n')).not.toThrow()
    expect(readFileSync(path, 'utf8')).toBe('kept\n')
  })
})
