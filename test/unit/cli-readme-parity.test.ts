/**
 * The README's command-line reference and `--help` say the same thing: every command of the
 * program is in the README with exactly the options its `--help` prints, and the README names
 * no command or option the program does not have.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { createProgram } from '../../src/main/cli/program'
import type { CliContext } from '../../src/main/cli/context'

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8')

/** `hls-studio targets add` → its `--help` text, exactly as a person would see it. */
function helpOf(path: string[]): string {
  let text = ''
  const ctx: CliContext = {
    streams: { stdout: { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream, stderr: process.stderr },
    env: {},
    cwd: process.cwd(),
    signal: new AbortController().signal,
    exitCode: 0
  }
  try {
    createProgram(ctx).parse([...path, '--help'], { from: 'user' })
  } catch {
    // commander ends --help by throwing its exit-override error; the text is already written.
  }
  return text
}

/** Long options listed in a `--help` text, without --help itself. */
function optionsInHelp(help: string): string[] {
  const options = help.slice(help.indexOf('Options:'), help.indexOf('Commands:') > 0 ? help.indexOf('Commands:') : undefined)
  return [...options.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help').sort()
}

function leafCommands(command: Command, path: string[] = []): string[][] {
  if (command.commands.length === 0) return [path]
  return command.commands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]))
}

/** The README's command-line block: command path (e.g. "targets add") → every option it names. */
function readmeReference(): Map<string, Set<string>> {
  const section = README.slice(README.indexOf('## Command line'), README.indexOf('\n## ', README.indexOf('## Command line') + 1))
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? ''
  const entries = new Map<string, Set<string>>()
  let current: Set<string> | undefined
  for (const line of block.split('\n')) {
    if (line.startsWith('hls-studio')) {
      const words = line.split(/\s+/).slice(1)
      const path = words.slice(0, words.findIndex((w) => !/^[a-z][a-z-]*$/.test(w))).join(' ')
      current = entries.get(path) ?? new Set()
      entries.set(path, current)
    }
    for (const match of line.matchAll(/--[a-z][\w-]*/g)) current?.add(match[0])
  }
  return entries
}

describe('README command line and --help', () => {
  const reference = readmeReference()
  const root = createProgram({ streams: { stdout: process.stdout, stderr: process.stderr }, env: {}, cwd: '.', signal: new AbortController().signal, exitCode: 0 })
  const commands = leafCommands(root).map((p) => p.join(' '))

  it('lists every command the program has, and no other', () => {
    expect([...reference.keys()].filter((k) => k !== '').sort()).toEqual([...commands].sort())
  })

  it('gives the global options and --version on the first line, as hls-studio --help does', () => {
    expect([...reference.get('')!].filter((o) => o !== '--help').sort()).toEqual(optionsInHelp(helpOf([])))
  })

  for (const path of leafCommands(root)) {
    it(`names exactly the options of hls-studio ${path.join(' ')} --help`, () => {
      const inReadme = [...(reference.get(path.join(' ')) ?? [])].sort()
      expect(inReadme).toEqual(optionsInHelp(helpOf(path)))
    })
  }
})
