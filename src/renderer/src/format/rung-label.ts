/**
 * A video rung's name: its short side, as the engine's ladder names rungs, so a 1080x1920
 * portrait rung is "1080p" in the player and the Library as in the job detail.
 */
export function rungLabel(width: number | undefined, height: number | undefined): string | undefined {
  const sides = [width, height].filter((side): side is number => !!side && side > 0)
  return sides.length ? `${Math.min(...sides)}p` : undefined
}
