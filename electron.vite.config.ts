import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const shared = { '@shared': resolve(import.meta.dirname, 'src/shared') }

export default defineConfig({
  main: {
    resolve: { alias: shared },
    build: {
      // zod is bundled, not loaded from node_modules: its package is ~100 ES modules (64 of them
      // locales) that Node resolves and links one by one on every command, while one bundled
      // chunk loads in a third of the time (bench:upload's publish from the shell: about 20 ms
      // less CPU and wall per run). No other dependency shares zod schemas with the build.
      // The AWS SDK stays external: bundled and tree-shaken, its first request paid back the
      // load time it saved (measured: no change in the publish wall time).
      externalizeDeps: { exclude: ['zod'] },
      rolldownOptions: {
        // Two entries share the engine: the Electron shell and the headless command line.
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli/index.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: shared },
    build: {
      // A sandboxed preload can require nothing but electron (and a few Node built-ins):
      // zod and the shared contract are bundled into it instead of left as require() calls.
      externalizeDeps: false,
      // A sandboxed preload cannot be an ES module: Electron loads it as CommonJS.
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: { alias: shared },
    plugins: [react()],
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') }
      }
    }
  }
})
