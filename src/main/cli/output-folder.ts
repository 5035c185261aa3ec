import { isAbsolute, relative, resolve } from 'node:path'
import { UsageError, type CliContext } from './context'

/** Where packages go when no --out is given: beside the person's media, never the studio's build. */
export const DEFAULT_OUTPUT_DIR = 'hls-out'

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * The output folder a command writes to, resolved from where the command was typed. The
 * studio's own build folder (`out/`, holding `out/main/cli.js`) is refused: `npm run build`
 * and a clean checkout wipe it, packages included.
 */
export function outputFolder(out: string | undefined, ctx: CliContext, flag = '--out'): string {
  const path = resolve(ctx.cwd, out ?? DEFAULT_OUTPUT_DIR)
  if (ctx.buildDir && isInside(path, ctx.buildDir)) {
    throw new UsageError(`${flag} ${out}: that is inside the studio's build folder (${ctx.buildDir}), which the next build wipes; choose another folder, e.g. ${flag} ${DEFAULT_OUTPUT_DIR}.`)
  }
  return path
}
