import { describe, expect, it } from 'vitest'
import { InOrderSegments } from '../../../src/main/engine/chunks/in-order-segments'

describe('InOrderSegments', () => {
  it('finishes chunks in chunk order whatever order they are cut in, passing the timeline on', async () => {
    const finished: Array<{ index: number; startsAt: number }> = []
    const ordered = new InOrderSegments(4, async (index, timeline) => {
      finished.push({ index, startsAt: timeline.get('v0') ?? 0 })
      timeline.set('v0', (index + 1) * 100)
    })
    await ordered.cutDone(2)
    expect(finished).toEqual([])
    await ordered.cutDone(0)
    expect(finished.map((f) => f.index)).toEqual([0])
    await ordered.cutDone(1)
    expect(finished.map((f) => f.index)).toEqual([0, 1, 2])
    expect(ordered.allFinal).toBe(false)
    await ordered.cutDone(3)
    expect(finished).toEqual([
      { index: 0, startsAt: 0 },
      { index: 1, startsAt: 100 },
      { index: 2, startsAt: 200 },
      { index: 3, startsAt: 300 }
    ])
    expect(ordered.allFinal).toBe(true)
  })

  it('passes a failure to whoever waits, and finishes nothing after it', async () => {
    const finished: number[] = []
    const ordered = new InOrderSegments(3, async (index) => {
      if (index === 1) throw new Error('chunk 2 was cut into 3 segments')
      finished.push(index)
    })
    await ordered.cutDone(0)
    await expect(ordered.cutDone(1)).rejects.toThrow('chunk 2 was cut into 3 segments')
    await expect(ordered.cutDone(2)).rejects.toThrow('chunk 2 was cut into 3 segments')
    expect(finished).toEqual([0])
    expect(ordered.allFinal).toBe(false)
  })
})
