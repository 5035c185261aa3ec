import type { RungTimeline } from './stitch'

/**
 * Makes chunks' segments final in chunk order, whatever order parallel chunks finish in: an
 * fMP4 chunk's decode times start where the chunk before ended, and segments become final
 * (ready to upload) as a prefix of the package, never with a hole before them.
 */
export class InOrderSegments {
  private next = 0
  private readonly cut = new Set<number>()
  private chain: Promise<void> = Promise.resolve()
  private readonly timeline: RungTimeline = new Map()

  constructor(
    private readonly total: number,
    private readonly finish: (index: number, timeline: RungTimeline) => Promise<void>
  ) {}

  /** Chunk `index` has been cut; resolves once every chunk before it that is cut is final too. */
  cutDone(index: number): Promise<void> {
    this.cut.add(index)
    this.chain = this.chain.then(async () => {
      while (this.cut.has(this.next)) {
        await this.finish(this.next, this.timeline)
        this.next++
      }
    })
    return this.chain
  }

  get allFinal(): boolean {
    return this.next === this.total
  }
}
