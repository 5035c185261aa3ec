/**
 * Promise.all that waits for every task to end before it rejects. A job's side tasks write
 * into one work folder: rejecting at the first failure would let the cleanup remove that
 * folder while the others still write into it.
 */
export async function settledInOrder<const T extends readonly unknown[]>(tasks: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(tasks)
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failed) throw failed.reason
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> }
}
