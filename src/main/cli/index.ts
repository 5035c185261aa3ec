import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { processRegistry } from '../engine/media/process-registry'
import { runCli } from './program'

/** The `hls-studio` command line: plain Node, no Electron. */
async function main(): Promise<void> {
  const controller = new AbortController()
  let interrupts = 0
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts++
    if (interrupts > 1) process.exit(130)
    process.stderr.write(`\n${signal}: stopping… (again to force)\n`)
    controller.abort()
    void processRegistry.stopAll(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const code = await runCli(process.argv.slice(2), {
    streams: { stdout: process.stdout, stderr: process.stderr },
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    exitCode: 0,
    // This file is out/main/cli.js once built; run from source (tests, tsx) it has no build folder.
    buildDir: import.meta.url.endsWith('/out/main/cli.js') ? dirname(dirname(fileURLToPath(import.meta.url))) : undefined
  })
  process.exitCode = code
}

void main()
