import { describe, expect, it } from 'vitest'
import { newJobId, slugForTitle, titleFromPath } from '../../../src/main/engine/sources/naming'

describe('titles, slugs and job ids', () => {
  it('slugs accented titles the way a person expects', () => {
    expect(slugForTitle('Épisode 1 - Le Commencement')).toBe('episode-1-le-commencement')
    expect(slugForTitle('Ça va être génial!')).toBe('ca-va-etre-genial')
  })

  it('gives the same title the same slug, so episodes land in one folder', () => {
    expect(slugForTitle('My Show')).toBe(slugForTitle('My Show'))
  })

  it('gives titles without Latin letters a stable, distinct slug', () => {
    const a = slugForTitle('日本語タイトル')
    expect(a).toMatch(/^untitled-[0-9a-f]{10}$/)
    expect(slugForTitle('日本語タイトル')).toBe(a)
    expect(slugForTitle('別のタイトル')).not.toBe(a)
  })

  it('takes the default title from the file name without extension', () => {
    expect(titleFromPath('/media/Épisode 1 - Le Commencement.mp4')).toBe('Épisode 1 - Le Commencement')
    expect(titleFromPath('/media/archive.tar.gz')).toBe('archive.tar')
    expect(titleFromPath('/media/README')).toBe('README')
  })

  it('makes job ids of the form job-<uuid>', () => {
    expect(newJobId()).toMatch(/^job-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newJobId()).not.toBe(newJobId())
  })
})
