// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ChunkStrip } from '../../src/renderer/src/components/detail/ChunkStrip'

afterEach(cleanup)

describe('ChunkStrip', () => {
  it('says which worker did each chunk and how many workers there are', () => {
    render(<ChunkStrip progress={{ percent: 50, stage: 'ENCODING', chunkStates: ['done', 'done', 'encoding', 'waiting'], chunkWorkers: ['nas', 'laptop', null, null] }} />)
    expect(screen.getByText('Chunks 2/4 done · 2 workers')).toBeTruthy()
    expect(screen.getByText('Chunk 1: done by nas')).toBeTruthy()
    expect(screen.getByText('Chunk 2: done by laptop')).toBeTruthy()
    expect(screen.getByText('Chunk 3: encoding')).toBeTruthy()
  })

  it('names no worker when every chunk ran in this process', () => {
    render(<ChunkStrip progress={{ percent: 50, stage: 'ENCODING', chunkStates: ['done', 'waiting'] }} />)
    expect(screen.getByText('Chunks 1/2 done')).toBeTruthy()
    expect(screen.getByText('Chunk 1: done')).toBeTruthy()
  })
})
