/**
 * npm run bench:upload [-- --rounds 3 --shell-rounds 9 --parallelism 8 --large-gb 5 --skip-large --skip-shell --shell-only]
 *
 * Publishes a generated HLS tree (≥300 files, ≥200 MB) to a local S3 server (s3rver in its
 * own process) with the studio, and the same tree with rclone at matching concurrency
 * (files in flight and parts per file) against the same server; prints throughputs and the
 * ratio. Rounds alternate which tool goes first. Then publishes one large file from a
 * separate process and reports that process's peak RSS (VmHWM). The shell rows
 * (upload-shell.ts) time whole command-line processes: start-up, and publish against rclone.
 * A benchmark, not a test: it never fails on timing. Run it on a quiet machine.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { PackageManifest } from '@shared/job'
import { PART_CONCURRENCY } from '../src/main/engine/storage/package-upload'
import { DEFAULT_PART_SIZE } from '../src/main/engine/storage/part-size'
import { S3Publisher } from '../src/main/engine/storage/s3-publisher'
import { createHeadlessTargetRegistry } from '../src/main/engine/storage/target-registry'
import { writeSyntheticPackage, type SyntheticPackage } from '../test/helpers/hls-package'
import { rcloneEnv, shellRows } from './upload-shell'

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    // The shell rows are short (under a second each) and swing by ±10 % from run to run of the
    // same build, so their medians take more rounds than the large rows can afford.
    'shell-rounds': { type: 'string', default: '9' },
    parallelism: { type: 'string', default: '8' },
    'large-gb': { type: 'string', default: '5' },
    'skip-large': { type: 'boolean', default: false },
    'skip-shell': { type: 'boolean', default: false },
    // Only the shell rows (start-up, publish against rclone): a quick check of the CLI's own cost.
    'shell-only': { type: 'boolean', default: false },
    // Internal: the large-file run in its own process, so its RSS is the uploader's alone.
    'rss-child': { type: 'string' },
    endpoint: { type: 'string' }
  }
})

const REPO = join(import.meta.dirname, '..')
const BUCKET = 'bench'
const ACCESS_KEY_ID = 'S3RVER'
const SECRET = 'bench-secret'
const MB = 1e6
const MIB = 1024 * 1024

/** VmHWM is the kernel's own record of the peak; VmRSS is now. */
function rssMb(field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024
}

/** s3rver in a child process, so the server's work does not share the uploader's event loop. */
interface BenchServer {
  endpoint: string
  /** CPU seconds the server process has used so far (utime + stime from /proc). */
  cpuSeconds: () => number
  stop: () => void
}

/** utime + stime of a process, in seconds (Linux clock ticks are 100 per second). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function startServer(directory: string): Promise<BenchServer> {
  const script = `
    const S3rver = require('s3rver')
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(directory)}, configureBuckets: [{ name: '${BUCKET}' }] })
    server.run().then((a) => console.log(JSON.stringify(a)))`
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port))
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)))
  })
  return { endpoint: `http://127.0.0.1:${port}`, cpuSeconds: () => processCpuSeconds(child.pid!), stop: () => child.kill('SIGTERM') }
}

/** Returns the CPU seconds this process spent. */
async function studioPublish(dataDir: string, pkg: SyntheticPackage, prefix: string, targetName: string): Promise<number> {
  const before = process.cpuUsage()
  const registry = createHeadlessTargetRegistry(dataDir, {})
  const publisher = new S3Publisher({ targets: registry })
  await publisher.publish({
    job: pkg.job,
    packageDir: pkg.packageDir,
    // A fresh prefix per round, so nothing is skipped.
    manifest: { ...pkg.manifest, slug: prefix },
    targetName
  })
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6
}

function rclonePresent(): string | undefined {
  const found = spawnSync('rclone', ['version'], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.split('\n')[0] : undefined
}

/** Runs rclone under bash's `time` and returns the CPU seconds it spent. */
function rcloneCopy(endpoint: string, from: string, prefix: string, parallelism: number): Promise<number> {
  const env = rcloneEnv(endpoint, ACCESS_KEY_ID, SECRET)
  const args = [
    'copy',
    from,
    `bench:${BUCKET}/${prefix}`,
    '--transfers', String(parallelism),
    '--checkers', String(parallelism),
    '--s3-upload-concurrency', String(PART_CONCURRENCY),
    '--s3-chunk-size', `${DEFAULT_PART_SIZE / MIB}M`,
    '--s3-no-check-bucket'
  ]
  env.TIMEFORMAT = 'cpu %U %S'
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'time rclone "$@" -q', 'rclone', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => {
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr)
      if (code !== 0 || !cpu) return reject(new Error(`rclone exited ${code}: ${stderr.slice(-500)}`))
      resolve(Number(cpu[1]) + Number(cpu[2]))
    })
  })
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint()
  await work()
  return Number(process.hrtime.bigint() - started) / 1e9
}

interface Run {
  wall: number
  clientCpu: number
  serverCpu: number
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const fmt = (n: number, digits = 2): string => n.toFixed(digits)

/** "bench" with the MinIO preset (SDK CRC32 checksums on), "bench-r2" with R2's (checksums only when required). */
async function addBenchTargets(dataDir: string, endpoint: string, parallelism: number): Promise<void> {
  const registry = createHeadlessTargetRegistry(dataDir, {})
  const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET }
  await registry.add({ target: { name: 'bench', provider: 'minio', endpoint, bucket: BUCKET, parallelism }, credentials })
  await registry.add({ target: { name: 'bench-r2', provider: 'r2', endpoint, bucket: BUCKET, parallelism }, credentials })
}

/** Child mode: publish the large package once and report this process's peak RSS. */
async function rssChild(packageDir: string, endpoint: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'job.json'), 'utf8')) as PackageManifest
  const dataDir = mkdtempSync(join(tmpdir(), 'hls-studio-bench-data-'))
  await addBenchTargets(dataDir, endpoint, Number(flags.parallelism))
  const baselineRssMb = rssMb('VmRSS')
  const job = { id: manifest.jobId, slug: manifest.slug, title: manifest.title, createdAt: manifest.createdAt, source: { kind: 'file' as const, path: manifest.source.path } }
  const seconds = await timed(() => new S3Publisher({ targets: createHeadlessTargetRegistry(dataDir, {}) }).publish({ job, packageDir, manifest, targetName: 'bench' }).then(() => undefined))
  rmSync(dataDir, { recursive: true, force: true })
  console.log(JSON.stringify({ seconds, peakRssMb: rssMb('VmHWM'), baselineRssMb, bytes: manifest.totalBytes }))
}

function runRssChild(packageDir: string, endpoint: string): Promise<{ seconds: number; peakRssMb: number; baselineRssMb: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--tsconfig', join(REPO, 'tsconfig.node.json'), join(REPO, 'bench', 'upload.ts'), '--rss-child', packageDir, '--endpoint', endpoint, '--parallelism', String(flags.parallelism)],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } }
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`large-file run exited ${code}`))))
  })
}

async function main(): Promise<void> {
  // The SDK's notice about Node 20 support would only clutter the table.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  if (flags['rss-child']) return rssChild(flags['rss-child'], flags.endpoint!)
  const rounds = Number(flags.rounds)
  const shellRounds = Number(flags['shell-rounds'])
  const parallelism = Number(flags.parallelism)
  const work = mkdtempSync(join(tmpdir(), 'hls-studio-bench-upload-'))
  const server = await startServer(join(work, 's3'))
  try {
    if (flags['shell-only']) {
      await shellRows({ repo: REPO, work, endpoint: server.endpoint, bucket: BUCKET, accessKeyId: ACCESS_KEY_ID, secret: SECRET, rounds: shellRounds }, rclonePresent())
      return
    }
    const dataDir = join(work, 'data')
    await addBenchTargets(dataDir, server.endpoint, parallelism)
    // Four rungs of 2 s segments (1080p ≈ 1.4 MB … 360p ≈ 0.2 MB), sizes varying ±20 %.
    const base = [1_375_000, 770_000, 385_000, 220_000]
    const pkg = await writeSyntheticPackage(join(work, 'tree'), {
      variants: 4,
      segmentsPerVariant: 80,
      segmentBytes: (v, s) => Math.round(base[v]! * (0.8 + 0.4 * (((s * 7919) % 97) / 96))),
      images: ['thumbnails/poster.jpg', 'thumbnails/storyboard.jpg']
    })
    const files = pkg.manifest.files.length + 1
    const bytes = pkg.manifest.totalBytes + readFileSync(join(pkg.packageDir, 'job.json')).length
    const rclone = rclonePresent()

    const contenders: Array<{ name: string; run: (prefix: string) => Promise<number>; runs: Run[] }> = [
      { name: 'studio, MinIO preset (SDK CRC32)', run: (prefix) => studioPublish(dataDir, pkg, prefix, 'bench'), runs: [] },
      { name: 'studio, R2 preset (Content-MD5)', run: (prefix) => studioPublish(dataDir, pkg, prefix, 'bench-r2'), runs: [] }
    ]
    if (rclone) {
      contenders.push({
        name: `${rclone} --transfers ${parallelism} --s3-upload-concurrency ${PART_CONCURRENCY}`,
        run: (prefix) => rcloneCopy(server.endpoint, pkg.packageDir, `${prefix}/${pkg.job.id}`, parallelism),
        runs: []
      })
    }
    for (let round = 0; round < rounds; round++) {
      // Each round starts with another contender, so none always meets a cold or a warm server.
      for (let i = 0; i < contenders.length; i++) {
        const contender = contenders[(round + i) % contenders.length]!
        const serverBefore = server.cpuSeconds()
        let clientCpu = 0
        const wall = await timed(async () => (clientCpu = await contender.run(`r${round}-c${contenders.indexOf(contender)}`)))
        contender.runs.push({ wall, clientCpu, serverCpu: server.cpuSeconds() - serverBefore })
      }
    }

    console.log(`\n### Upload: ${files} files, ${fmt(bytes / MB, 0)} MB, to s3rver on loopback (${rounds} rounds, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)})\n`)
    console.log(`Concurrency: ${parallelism} files in flight, ${PART_CONCURRENCY} parts per file, ${DEFAULT_PART_SIZE / MIB} MiB parts. Wall and CPU are medians; "best" is the fastest round.\n`)
    const walls = (c: (typeof contenders)[number]): number[] => c.runs.map((r) => r.wall)
    const reference = contenders.at(-1)!
    console.log(`| run | wall (s) | best (s) | MB/s | client CPU (s) | server CPU (s) | throughput ÷ ${rclone ? 'rclone' : 'this'} (median / best) |`)
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const contender of contenders) {
      const wall = median(walls(contender))
      const best = Math.min(...walls(contender))
      const ratio = `${fmt(median(walls(reference)) / wall)} / ${fmt(Math.min(...walls(reference)) / best)}`
      const cpu = (pick: (r: Run) => number): string => fmt(median(contender.runs.map(pick)))
      console.log(`| ${contender.name} | ${fmt(wall)} | ${fmt(best)} | ${fmt(bytes / MB / wall, 1)} | ${cpu((r) => r.clientCpu)} | ${cpu((r) => r.serverCpu)} | ${ratio} |`)
    }
    if (!rclone) console.log('\nrclone is not installed (apt-get install rclone): no reference ratio.')
    else console.log(`\nRounds, wall (s): ${contenders.map((c) => `${c.name.split(' --')[0]}: ${walls(c).map((t) => fmt(t)).join(' ')}`).join('; ')}.`)

    if (!flags['skip-shell']) {
      await shellRows({ repo: REPO, work, endpoint: server.endpoint, bucket: BUCKET, accessKeyId: ACCESS_KEY_ID, secret: SECRET, rounds: shellRounds }, rclone)
    }

    if (!flags['skip-large']) {
      const largeBytes = Math.round(Number(flags['large-gb']) * 1024 * MIB)
      const large = await writeSyntheticPackage(join(work, 'large'), { variants: 1, segmentsPerVariant: 1, largeFile: { path: 'v0/full.mp4', bytes: largeBytes } })
      // The tree's objects are no longer needed; free the server's disk for the large file.
      rmSync(join(work, 'tree'), { recursive: true, force: true })
      const result = await runRssChild(large.packageDir, server.endpoint)
      console.log(
        `\n### Memory: one ${fmt(largeBytes / 1024 ** 3, 1)} GiB file in ${DEFAULT_PART_SIZE / MIB} MiB parts, uploader peak RSS ${fmt(result.peakRssMb, 0)} MB (target < 250 MB; ${fmt(result.baselineRssMb, 0)} MB before the upload), ${fmt(result.seconds, 0)} s, ${fmt(result.bytes / MB / result.seconds, 0)} MB/s`
      )
    }
  } finally {
    server.stop()
    rmSync(work, { recursive: true, force: true })
  }
}

await main()
