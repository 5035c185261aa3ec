import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S3Publisher } from '../../../src/main/engine/storage/s3-publisher'
import { writeSyntheticPackage } from '../../helpers/hls-package'
import { startStorageLab, type StorageLab } from '../../helpers/storage-lab'

describe('verification and local clean-up', () => {
  let lab: StorageLab
  let publisher: S3Publisher

  beforeAll(async () => {
    lab = await startStorageLab()
    await lab.addTarget('lab')
    await lab.addTarget('tidy', { deleteLocalAfterUpload: true })
    publisher = new S3Publisher({ targets: lab.registry, retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } })
  })
  afterAll(async () => lab?.close())

  it('fails with VERIFY_FAILED when the bucket does not hold what was acknowledged', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 2, segmentsPerVariant: 4 })
    const lost = `${pkg.job.slug}/${pkg.job.id}/v1/seg_002.ts`
    lab.proxy.setFaults({ swallow: (r) => r.method === 'PUT' && r.key === lost })
    try {
      const error = await publisher.publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'lab' }).then(
        () => undefined,
        (e: unknown) => e as Error & { code: string }
      )
      expect(error?.code).toBe('VERIFY_FAILED')
      expect(error?.message).toMatch(/1 of \d+ objects .* not right: v1\/seg_002\.ts is missing/)
    } finally {
      lab.proxy.setFaults(undefined)
    }
    // The local package stays for a retry, which then completes.
    expect(existsSync(pkg.packageDir)).toBe(true)
    const retried = await publisher.publish({ job: pkg.job, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'lab' })
    expect(retried.objectCount).toBe(pkg.manifest.files.length + 1)
  })

  it('deletes the local package after a verified upload when the target asks, never the source', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { slug: 'tidy-show', variants: 1, segmentsPerVariant: 3 })
    const source = join(lab.workDir, 'sources', 'tidy.mp4')
    mkdirSync(dirname(source), { recursive: true })
    writeFileSync(source, 'the original')
    const logs: string[] = []
    await publisher.publish({ job: { ...pkg.job, source: { kind: 'file', path: source } }, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'tidy', onLog: (l) => logs.push(l) })
    expect(existsSync(pkg.packageDir)).toBe(false)
    // The emptied slug folder goes too; the source stays.
    expect(existsSync(dirname(pkg.packageDir))).toBe(false)
    expect(existsSync(source)).toBe(true)
    expect(logs.some((l) => l.startsWith('Removed the local package'))).toBe(true)
  })

  it('keeps the package when the source file sits inside it', async () => {
    const pkg = await writeSyntheticPackage(lab.workDir, { variants: 1, segmentsPerVariant: 2 })
    const inside = join(pkg.packageDir, 'source-copy.mp4')
    writeFileSync(inside, 'the original')
    const logs: string[] = []
    await publisher.publish({ job: { ...pkg.job, source: { kind: 'file', path: inside } }, packageDir: pkg.packageDir, manifest: pkg.manifest, targetName: 'tidy', onLog: (l) => logs.push(l) })
    expect(existsSync(inside)).toBe(true)
    expect(logs.some((l) => /Kept the local package/.test(l))).toBe(true)
  })
})
