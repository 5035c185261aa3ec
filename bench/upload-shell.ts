/**
 * The rows of bench:upload measured as a person sees them: whole processes started from the
 * shell, start-up included. `hls-studio --help` and `jobs` against `node -e 0`, and
 * `hls-studio publish <folder>` of a ~150-file, ~60 MB package against `rclone copy
 * --transfers 8` to the same s3rver. Wall times only; it never fails on timing.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { LowdbJobStore } from '../src/main/engine/queue/lowdb-job-store'
import { dataPaths } from '../src/main/engine/data-dir'
import { createHeadlessTargetRegistry } from '../src/main/engine/storage/target-registry'
import { writeSyntheticPackage } from '../test/helpers/hls-package'
import { jobRecord } from '../test/helpers/queue-fixtures'

export interface ShellBenchOptions {
  repo: string
  work: string
  endpoint: string
  bucket: string
  accessKeyId: string
  secret: string
  rounds: number
}

/** Runs a command to its end and returns its wall time in seconds; a failure stops the bench. */
function wallOf(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`))
      resolve(Number(process.hrtime.bigint() - started) / 1e9)
    })
  })
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const ms = (seconds: number): string => (seconds * 1000).toFixed(0)

/** rclone's remote "bench" on the s3rver, configured through its environment variables. */
export function rcloneEnv(endpoint: string, accessKeyId: string, secret: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: accessKeyId,
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: secret,
    RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true'
  }
  // rclone reads a CA bundle named here and fails if it cannot; this server is plain HTTP.
  delete env.AWS_CA_BUNDLE
  return env
}

export async function shellRows(options: ShellBenchOptions, rclone: string | undefined): Promise<void> {
  const { repo, work, rounds } = options
  // The command a person runs (npm link puts it on PATH): it builds first when the sources changed.
  const studioBin = join(repo, 'bin', 'hls-studio.js')
  const dataDir = join(work, 'shell-data')
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
  await wallOf(process.execPath, [studioBin, '--version'], env)

  // A job list of a working studio: 200 finished jobs.
  const store = await LowdbJobStore.open(dataPaths(dataDir).store)
  await store.putJobs(Array.from({ length: 200 }, (_, i) => jobRecord({ id: `job-bench-${i}`, status: 'COMPLETED' })))
  await store.close()
  const registry = createHeadlessTargetRegistry(dataDir, {})
  const credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secret }
  for (let round = 0; round < rounds; round++) {
    // A prefix per round, so no run finds its objects already there and skips them.
    const target = { name: `shell-r${round}`, provider: 'minio' as const, endpoint: options.endpoint, bucket: options.bucket, keyPrefixTemplate: `shell-r${round}/{slug}/{jobId}` }
    await registry.add({ target, credentials })
  }

  const startup: Array<{ name: string; args: string[]; runs: number[] }> = [
    { name: '`node -e 0` (reference)', args: ['-e', '0'], runs: [] },
    { name: '`hls-studio --help`', args: [studioBin, '--help'], runs: [] },
    { name: '`hls-studio jobs` (200 jobs)', args: [studioBin, '--data-dir', dataDir, 'jobs'], runs: [] }
  ]
  for (let round = 0; round < rounds * 3; round++) {
    for (const row of startup) row.runs.push(await wallOf(process.execPath, row.args, env))
  }
  const reference = median(startup[0]!.runs)
  console.log(`\n### Command-line start-up, from the shell (${rounds * 3} runs each, medians, load average ${loadavg()[0]!.toFixed(1)})\n`)
  console.log('| command | wall (ms) | best (ms) | − node start-up (ms) | ÷ node start-up |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const row of startup) {
    const wall = median(row.runs)
    console.log(`| ${row.name} | ${ms(wall)} | ${ms(Math.min(...row.runs))} | ${ms(wall - reference)} | ${(wall / reference).toFixed(2)} |`)
  }

  // About 150 files and 60 MB: four rungs of 36 two-second segments.
  const base = [830_000, 465_000, 233_000, 133_000]
  const pkg = await writeSyntheticPackage(join(work, 'shell-tree'), {
    variants: 4,
    segmentsPerVariant: 36,
    segmentBytes: (v, s) => Math.round(base[v]! * (0.8 + 0.4 * (((s * 7919) % 97) / 96))),
    images: ['thumbnails/poster.jpg', 'thumbnails/storyboard.jpg']
  })
  const files = pkg.manifest.files.length + 1
  const bytes = pkg.manifest.totalBytes + readFileSync(join(pkg.packageDir, 'job.json')).length
  const publishRuns: number[] = []
  const rcloneRuns: number[] = []
  for (let round = 0; round < rounds; round++) {
    const studio = (): Promise<number> => wallOf(process.execPath, [studioBin, '--data-dir', dataDir, 'publish', pkg.packageDir, '--upload', `shell-r${round}`], env).then((t) => (publishRuns.push(t), t))
    const copy = (): Promise<number> =>
      wallOf('rclone', ['copy', pkg.packageDir, `bench:${options.bucket}/rclone-r${round}/${pkg.job.id}`, '--transfers', '8', '--s3-no-check-bucket', '-q'], rcloneEnv(options.endpoint, options.accessKeyId, options.secret)).then((t) => (rcloneRuns.push(t), t))
    // Alternate who goes first, so neither always meets a cold or a warm server.
    if (!rclone) await studio()
    else if (round % 2 === 0) await studio().then(copy)
    else await copy().then(studio)
  }
  console.log(`\n### Publish from the shell: ${files} files, ${(bytes / 1e6).toFixed(0)} MB, to s3rver on loopback (${rounds} rounds, start-up included, load average ${loadavg()[0]!.toFixed(1)})\n`)
  console.log('| command | wall (s) | best (s) | ÷ rclone (median) |')
  console.log('| --- | ---: | ---: | ---: |')
  const rcloneWall = rcloneRuns.length ? median(rcloneRuns) : undefined
  const row = (name: string, runs: number[]): string =>
    `| ${name} | ${median(runs).toFixed(2)} | ${Math.min(...runs).toFixed(2)} | ${rcloneWall ? (median(runs) / rcloneWall).toFixed(2) : 'n/a'} |`
  console.log(row('`hls-studio publish <folder> --upload …` (verify included)', publishRuns))
  if (rclone) console.log(row(`\`rclone copy --transfers 8\` (${rclone})`, rcloneRuns))
  else console.log('\nrclone is not installed (apt-get install rclone): no reference.')
  const listed = (runs: number[]): string => runs.map((t) => t.toFixed(2)).join(' ')
  console.log(`\nRounds, wall (s): hls-studio ${listed(publishRuns)}${rclone ? `; rclone ${listed(rcloneRuns)}` : ''}.`)
}
