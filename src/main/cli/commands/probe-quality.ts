import type { Command } from 'commander'
import { dataDirOf, toolkitFor, UsageError, type CliContext, type GlobalOptions } from '../context'

export function registerProbeQuality(program: Command, ctx: CliContext): void {
  program
    .command('probe-quality')
    .description("measure each rung of an encoded package against its source (SSIM, PSNR) and write it into its job.json")
    .argument('<job>', 'a job id (see `hls-studio jobs`) or a package folder holding job.json')
    .option('--samples <n>', 'keyframes compared per rung', '20')
    .option('--json', 'print { packageDir, variants, warnings } as JSON')
    .action(async (ref: string, options: { samples: string; json?: boolean }, command: Command) => {
      const samples = Number(options.samples)
      if (!Number.isInteger(samples) || samples < 1 || samples > 200) throw new UsageError('--samples: a whole number from 1 to 200.')
      // Loaded on use, not at start-up: `hls-studio --help` stays fast.
      const [{ readStudioSnapshot }, { locatePackage }, { probePackageQuality }] = await Promise.all([
        import('../../engine/queue/snapshot'),
        import('../../engine/use-cases/locate-package'),
        import('../../engine/use-cases/probe-quality')
      ])
      const globals = command.optsWithGlobals<GlobalOptions>()
      const dataDir = dataDirOf(globals, ctx)
      const located = await locatePackage(ref, (await readStudioSnapshot(dataDir)).jobs, { cwd: ctx.cwd, dataDir })
      const toolkit = await toolkitFor(globals, ctx)
      const result = await probePackageQuality(located, { ffmpegPath: toolkit.binaries.ffmpeg.path, samples, signal: ctx.signal, ref })
      if (options.json) {
        ctx.streams.stdout.write(`${JSON.stringify({ packageDir: result.packageDir, variants: result.variants, warnings: result.warnings })}\n`)
        return
      }
      const rows = result.variants.flatMap((v) =>
        v.quality ? [`${v.id.padEnd(4)} ${`${v.width}x${v.height}`.padEnd(10)} SSIM ${v.quality.ssim.toFixed(4)}  PSNR ${v.quality.psnrDb.toFixed(1).padStart(5)} dB  ${v.quality.grade}`] : []
      )
      const frames = result.variants.find((v) => v.quality)?.quality
      ctx.streams.stdout.write(`${rows.join('\n')}\n`)
      ctx.streams.stderr.write(`${frames?.samples} keyframes per rung, both sides scaled ${frames?.scaler} to the rung's size; written into ${result.packageDir}/job.json\n`)
      for (const line of [...result.notes, ...result.warnings]) ctx.streams.stderr.write(`${line}\n`)
    })
}
