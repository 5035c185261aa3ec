import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LowdbJobStore } from '../../../src/main/engine/queue/lowdb-job-store'
import { FakeClock } from '../../helpers/fake-clock'
import { tempDir } from '../../helpers/media'
import { jobRecord } from '../../helpers/queue-fixtures'

const dirs: Array<{ cleanup: () => void }> = []
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup()
})

function storeFile(): string {
  const dir = tempDir()
  dirs.push(dir)
  return join(dir.path, 'data', 'studio.json')
}

function onDisk(file: string): { jobs: Array<{ id: string; status: string; progress: { percent: number } }> } {
  return JSON.parse(readFileSync(file, 'utf8'))
}

describe('lowdb job store', () => {
  it('writes a state change to disk before putJobs resolves, and reads it back after a reopen', async () => {
    const file = storeFile()
    const store = await LowdbJobStore.open(file)
    const job = jobRecord()
    await store.putJobs([job])
    expect(onDisk(file).jobs.map((j) => j.id)).toEqual([job.id])
    await store.putJobs([{ ...job, status: 'PROBING' }])
    expect(onDisk(file).jobs[0]!.status).toBe('PROBING')
    await store.close()
    const again = await LowdbJobStore.open(file)
    expect(again.getJob(job.id)?.status).toBe('PROBING')
    expect(again.notices).toEqual([])
  })

  it('hands out copies: changing a returned job changes nothing until it is put back', async () => {
    const store = await LowdbJobStore.open(storeFile())
    const job = jobRecord()
    await store.putJobs([job])
    const copy = store.getJob(job.id)!
    copy.title = 'changed'
    expect(store.getJob(job.id)!.title).toBe('clip')
    job.title = 'changed after put'
    expect(store.listJobs()[0]!.title).toBe('clip')
  })

  it('writes progress at most once per flush interval, never in between', async () => {
    const clock = new FakeClock()
    const file = storeFile()
    const store = await LowdbJobStore.open(file, { clock, progressFlushMs: 1000 })
    const job = jobRecord({ status: 'ENCODING' })
    await store.putJobs([job])
    const writes: string[] = []
    const original = readFileSync(file, 'utf8')
    for (let percent = 1; percent <= 50; percent++) {
      store.putProgress({ ...job, progress: { percent, stage: 'ENCODING' } })
      clock.advance(10)
    }
    // 50 updates over 500 ms: nothing written yet, one write scheduled.
    expect(readFileSync(file, 'utf8')).toBe(original)
    expect(clock.pending()).toHaveLength(1)
    expect(store.getJob(job.id)!.progress.percent).toBe(50)
    clock.advance(500)
    await store.flush()
    writes.push(readFileSync(file, 'utf8'))
    expect(onDisk(file).jobs[0]!.progress.percent).toBe(50)
    expect(clock.pending()).toHaveLength(0)
    // A state change carries the latest progress with it at once.
    store.putProgress({ ...job, progress: { percent: 70, stage: 'ENCODING' } })
    await store.putJobs([{ ...store.getJob(job.id)!, status: 'COMPLETED' }])
    expect(onDisk(file).jobs[0]).toMatchObject({ status: 'COMPLETED', progress: { percent: 70 } })
    expect(writes).toHaveLength(1)
  })

  it('replaces the file atomically: no temp file is left and the file always parses', async () => {
    const file = storeFile()
    const store = await LowdbJobStore.open(file)
    const jobs = Array.from({ length: 200 }, () => jobRecord())
    await Promise.all(jobs.map((j) => store.putJobs([j])))
    expect(onDisk(file).jobs).toHaveLength(200)
    expect(readdirSync(join(file, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  for (const [name, content] of [
    ['cut short mid-write', '{"version":1,"queue":{"paused":false},"jobs":[{"id":"job-1","sta'],
    ['empty', ''],
    ['random bytes', '\u0000\u0013\u00ff garbage \u0007'],
    ['without a job list', '{"version":1,"jobs":null}']
  ] as const) {
    it(`keeps a store file that is ${name} aside as a backup, says so, and starts empty`, async () => {
      const clock = new FakeClock(Date.parse('2025-03-04T05:06:07.089Z'))
      const file = storeFile()
      const fresh = await LowdbJobStore.open(file)
      await fresh.close()
      writeFileSync(file, content)
      const store = await LowdbJobStore.open(file, { clock })
      expect(store.listJobs()).toEqual([])
      expect(store.notices).toHaveLength(1)
      const notice = store.notices[0]!
      expect(notice.code).toBe('STORE_CORRUPT')
      expect(notice.backupPath).toBe(`${file}.corrupt-2025-03-04T05-06-07-089Z`)
      expect(readFileSync(notice.backupPath, 'utf8')).toBe(content)
      expect(notice.message).toContain(`The job list ${file} could not be read`)
      expect(notice.message).toContain(`It was kept as ${notice.backupPath}`)
      // The new, empty store works and is valid on disk.
      await store.putJobs([jobRecord()])
      expect(onDisk(file).jobs).toHaveLength(1)
    })
  }

  it('sets damaged entries aside, one by one, and keeps every good one', async () => {
    const clock = new FakeClock(Date.parse('2025-03-04T05:06:07.089Z'))
    const file = storeFile()
    const good = jobRecord()
    const noStatus = { id: 'job-1', source: { kind: 'file', path: '/a' }, settings: {}, progress: {} }
    await (await LowdbJobStore.open(file)).close()
    writeFileSync(file, JSON.stringify({ version: 1, jobs: [good, noStatus], batches: [null, { id: 'batch-x', label: 'drop', jobIds: [good.id] }], watchFolders: [42] }))
    const store = await LowdbJobStore.open(file, { clock })
    expect(store.listJobs().map((j) => j.id)).toEqual([good.id])
    expect(store.listBatches().map((b) => b.id)).toEqual(['batch-x'])
    expect(store.listWatchFolders()).toEqual([])
    expect(store.notices).toHaveLength(1)
    const notice = store.notices[0]!
    expect(notice.backupPath).toBe(`${file}.corrupt-2025-03-04T05-06-07-089Z.entries.json`)
    expect(notice.message).toBe(
      `3 entries of the job list ${file} could not be read (job job-1 has an unknown status; batch 1 is not an object; watch folder 1 is not an object). They were kept in ${notice.backupPath}; everything else is as it was.`
    )
    expect(JSON.parse(readFileSync(notice.backupPath, 'utf8'))).toEqual([
      { list: 'jobs', reason: 'job job-1 has an unknown status', entry: noStatus },
      { list: 'batches', reason: 'batch 1 is not an object', entry: null },
      { list: 'watchFolders', reason: 'watch folder 1 is not an object', entry: 42 }
    ])
    expect(onDisk(file).jobs.map((j: { id: string }) => j.id)).toEqual([good.id])
    await store.close()
    // Opened again, the store is clean: no second notice.
    const again = await LowdbJobStore.open(file, { clock })
    expect(again.notices).toEqual([])
    await again.close()
  })

  it('refuses a store written by a newer version instead of setting it aside', async () => {
    const file = storeFile()
    const fresh = await LowdbJobStore.open(file)
    await fresh.close()
    writeFileSync(file, JSON.stringify({ version: 99, jobs: [] }))
    await expect(LowdbJobStore.open(file)).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/newer version of HLS Studio/) })
    expect(readFileSync(file, 'utf8')).toContain('"version":99')
  })

  it('read-only: reports a damaged file without moving it, and never writes', async () => {
    const file = storeFile()
    const fresh = await LowdbJobStore.open(file)
    await fresh.close()
    writeFileSync(file, '{"broken')
    const store = await LowdbJobStore.open(file, { readOnly: true })
    expect(store.notices[0]?.message).toMatch(/could not be read: the file is not valid JSON/)
    expect(readFileSync(file, 'utf8')).toBe('{"broken')
    expect(readdirSync(join(file, '..'))).toEqual(['studio.json'])
    await expect(store.putJobs([jobRecord()])).rejects.toMatchObject({ message: expect.stringMatching(/read-only/) })
    expect(existsSync(`${file}.corrupt`)).toBe(false)
  })
})
