import { z } from 'zod'

/** More issues than this are counted, not listed: one bad request cannot flood a window. */
const MAX_ISSUES = 5

/**
 * The studio's one zod error formatter: zod 4's own `z.prettifyError`, one "✖ message" line
 * per issue, each followed by "→ at field" when it is about a field.
 */
export function describeZodError(error: z.ZodError): string {
  const { issues } = error
  const shown = z.prettifyError(issues.length > MAX_ISSUES ? new z.ZodError(issues.slice(0, MAX_ISSUES)) : error)
  return issues.length > MAX_ISSUES ? `${shown}\n…and ${issues.length - MAX_ISSUES} more.` : shown
}
