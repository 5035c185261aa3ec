import type { JobProgress } from '@shared/job'

type ChunkState = NonNullable<JobProgress['chunkStates']>[number]

const STATE_WORDS: Record<ChunkState, string> = {
  done: 'done',
  encoding: 'encoding',
  waiting: 'waiting',
  redone: 'encoding again (its files did not match its checkpoint)'
}

/** One cell per chunk of a long video: done, encoding, waiting, redone; a finished chunk survives a crash. */
export function ChunkStrip({ progress }: { progress: JobProgress }): React.JSX.Element | null {
  const states = progress.chunkStates
  if (!states?.length) return null
  const done = states.filter((s) => s === 'done').length
  const workers = progress.chunkWorkers
  const workerCount = new Set(workers?.filter(Boolean)).size
  const describe = (state: ChunkState, i: number): string => `Chunk ${i + 1}: ${STATE_WORDS[state]}${workers?.[i] ? ` by ${workers[i]}` : ''}`
  return (
    <div className="chunk-strip-block">
      <span className="chunk-strip-label tabular">
        Chunks {done}/{states.length} done{workerCount > 0 ? ` · ${workerCount} ${workerCount === 1 ? 'worker' : 'workers'}` : ''}
      </span>
      <ol className="chunk-strip" aria-label={`Chunks: ${done} of ${states.length} done`}>
        {states.map((state, i) => (
          <li key={i} className={`chunk-cell chunk-${state}`} title={describe(state, i)}>
            <span className="visually-hidden">{describe(state, i)}</span>
          </li>
        ))}
      </ol>
    </div>
  )
}
