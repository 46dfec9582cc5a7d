#!/usr/bin/env node
// `dpc-console`: the serial diagnostics console (built from console/ by `npm run build`).
require("../dist/console/main.js")
