import { describe, expect, it } from 'vitest'
import { settledInOrder } from '../../src/main/engine/settled'

describe('settledInOrder', () => {
  it('returns every value in the order of its task', async () => {
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('late'), 20))
    await expect(settledInOrder([late, Promise.resolve(2), undefined] as const)).resolves.toEqual(['late', 2, undefined])
  })

  it('rejects with the first failure only once the slower tasks have ended', async () => {
    let slowEnded = false
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        slowEnded = true
        resolve()
      }, 30)
    )
    const failure = new Error('subtitles failed')
    await expect(settledInOrder([Promise.reject(failure), slow, Promise.reject(new Error('second'))] as const)).rejects.toBe(failure)
    expect(slowEnded).toBe(true)
  })
})
