/**
 * Remaining time from encode speed, shown only once the speed has settled: the first
 * seconds of an encode (probing, lookahead filling) run at unrepresentative speeds.
 */
export class EtaEstimator {
  private samples: Array<{ at: number; position: number }> = []

  constructor(
    private readonly totalSeconds: number,
    private readonly now: () => number = Date.now,
    /** Wall-clock seconds of history the speed is averaged over. */
    private readonly windowSeconds = 10,
    /** Samples needed before an estimate is offered. */
    private readonly minSamples = 3
  ) {}

  /** Records the media position reached; returns [speed ×realtime, eta seconds] once settled. */
  update(positionSeconds: number): { speed?: number; etaSeconds?: number } {
    const at = this.now()
    this.samples.push({ at, position: positionSeconds })
    const horizon = at - this.windowSeconds * 1000
    while (this.samples.length > this.minSamples && this.samples[0]!.at < horizon) this.samples.shift()
    if (this.samples.length < this.minSamples) return {}
    const first = this.samples[0]!
    const elapsed = (at - first.at) / 1000
    const advanced = positionSeconds - first.position
    if (elapsed <= 0 || advanced <= 0) return {}
    const speed = advanced / elapsed
    const remaining = Math.max(0, this.totalSeconds - positionSeconds)
    return { speed, etaSeconds: Math.round(remaining / speed) }
  }
}
