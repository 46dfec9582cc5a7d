#!/usr/bin/env node
// `dpc-sim`: the board simulator's command line (built from sim/cli/ by `npm run build`).
require("../dist/sim/cli/main.js")
