#!/usr/bin/env node
// The built command line; `npm run build` (or `npm run studio`) produces it.
import '../out/main/cli.js'
