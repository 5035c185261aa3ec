#!/usr/bin/env node
// `npm run studio -- <args>`: the `hls-studio` bin for a clone that has not run `npm link`.
// npm runs scripts from the package folder; relative paths mean the folder the user typed in.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD)
await import('../bin/hls-studio.js')
