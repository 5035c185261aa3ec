import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveEncodeSettings } from '@shared/settings'
import type { MediaCandidate } from '../../../src/main/engine/sources/folder-walk'
import { LowdbJobStore } from '../../../src/main/engine/queue/lowdb-job-store'
import { WatchFolders } from '../../../src/main/engine/queue/watch-folders'
import type { WatchFolderRecord } from '../../../src/main/engine/queue/job-store'
import { FakeClock } from '../../helpers/fake-clock'
import { tempDir } from '../../helpers/media'

const dirs: Array<{ cleanup: () => void }> = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup()
})

async function setup() {
  const dir = tempDir()
  dirs.push(dir)
  const folder = join(dir.path, 'incoming')
  mkdirSync(folder)
  const storePath = join(dir.path, 'data', 'studio.json')
  const clock = new FakeClock()
  const store = await LowdbJobStore.open(storePath, { clock })
  const record: WatchFolderRecord = { path: folder, settings: resolveEncodeSettings(), outputDir: join(dir.path, 'out'), addedAt: '', seen: {} }
  await store.putWatchFolder(record)
  const queued: MediaCandidate[] = []
  const watcher = (s: LowdbJobStore) =>
    new WatchFolders({ store: s, clock, settleMs: 3000, enqueue: async (_f, files) => void queued.push(...files) })
  return { folder, store, storePath, clock, queued, watcher, record }
}

describe('watch folders', () => {
  it('leaves a file alone while it grows, and queues it once after it stopped growing', async () => {
    const { folder, store, clock, queued, watcher } = await setup()
    const watch = watcher(store)
    const file = join(folder, 'recording.mp4')
    writeFileSync(file, Buffer.alloc(64 * 1024, 1))
    await watch.scanAll()
    for (let i = 0; i < 5; i++) {
      clock.advance(5000)
      appendFileSync(file, Buffer.alloc(64 * 1024, 2))
      await watch.scanAll()
      expect(queued).toEqual([])
    }
    // The copy has ended: the last look saw the final size; a look 3 s after it takes the file.
    clock.advance(2999)
    await watch.scanAll()
    expect(queued).toEqual([])
    clock.advance(1)
    await watch.scanAll()
    expect(queued.map((q) => q.path)).toEqual([file])
    clock.advance(10_000)
    await watch.scanAll()
    await watch.scanAll()
    expect(queued).toHaveLength(1)
  })

  it('does not queue a file again after a restart, but does queue one replaced by a different file', async () => {
    const { folder, store, storePath, clock, queued, watcher } = await setup()
    const file = join(folder, 'episode.mov')
    writeFileSync(file, Buffer.alloc(1000, 1))
    const first = watcher(store)
    await first.scanAll()
    clock.advance(3000)
    await first.scanAll()
    expect(queued).toHaveLength(1)
    await store.close()

    const reopened = await LowdbJobStore.open(storePath, { clock })
    const second = watcher(reopened)
    for (let i = 0; i < 3; i++) {
      await second.scanAll()
      clock.advance(3000)
    }
    expect(queued).toHaveLength(1)

    writeFileSync(file, Buffer.alloc(2000, 1))
    await second.scanAll()
    clock.advance(3000)
    await second.scanAll()
    expect(queued).toHaveLength(2)
  })

  it('with includeExisting off, takes only files that arrive later; sidecar subtitles come along', async () => {
    const { folder, store, clock, queued, watcher, record } = await setup()
    writeFileSync(join(folder, 'old.mp4'), Buffer.alloc(500, 1))
    const watch = watcher(store)
    await store.putWatchFolder(await watch.markExistingSeen(record))
    writeFileSync(join(folder, 'new.mp4'), Buffer.alloc(500, 1))
    writeFileSync(join(folder, 'new.en.srt'), '1\n00:00:00,000 --> 00:00:01,000\nHi\n')
    writeFileSync(join(folder, 'notes.txt'), 'not media')
    writeFileSync(join(folder, 'empty.mp4'), '')
    await watch.scanAll()
    clock.advance(3000)
    await watch.scanAll()
    expect(queued).toEqual([{ path: join(folder, 'new.mp4'), sidecars: [{ path: join(folder, 'new.en.srt'), language: 'en' }] }])
  })

  it('says plainly when a watched folder has gone, and picks it up again when it is back', async () => {
    const { folder, store, clock, queued, watcher } = await setup()
    const watch = watcher(store)
    rmSync(folder, { recursive: true })
    await watch.scanAll()
    expect(watch.problemOf(folder)).toBe(`The watch folder ${folder} cannot be read (missing or not a folder).`)
    mkdirSync(folder)
    writeFileSync(join(folder, 'back.mp4'), Buffer.alloc(10, 1))
    await watch.scanAll()
    expect(watch.problemOf(folder)).toBeUndefined()
    clock.advance(3000)
    await watch.scanAll()
    expect(queued.map((q) => q.path)).toEqual([join(folder, 'back.mp4')])
  })
})
