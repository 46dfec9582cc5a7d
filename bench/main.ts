/**
 * `npm run bench`: every benchmark figure, one line each, with its baseline measured in the
 * same run and the ratio (see BENCHMARKS.md for what each figure means).
 *
 *   node --expose-gc dist/bench/main.js [--quick] [--json FILE] [--only F1,F4]
 *
 * --quick  a smoke run (small sizes, < 30 s): checks the benchmarks run and their output
 *          parses; its numbers are not the published ones.
 * --json   also writes every figure (and figure 3's table) as JSON, for plots and tests.
 */
import { writeFileSync } from "node:fs"
import { Figure, formatFigure } from "./figure"
import { devsFigures } from "./devs-vm"
import { devsOpcodeFigures } from "./devs-opcodes"
import { kernelHotPathFigures } from "./kernel-hot-path"
import { GainRow, gainFigures, gainRows, gainTable } from "./method-gain"
import { simSpeedFigures } from "./sim-speed"

interface Section {
    id: string
    title: string
    run(quick: boolean): Figure[] | Promise<Figure[]>
}

/** Figure 3's rows, kept for the JSON output (plots) and the table. */
let gain: GainRow[] = []

const SECTIONS: Section[] = [
    { id: "F1", title: "kernel hot path on Node", run: kernelHotPathFigures },
    { id: "F2", title: "simulator speed", run: simSpeedFigures },
    {
        id: "F3",
        title: "the method's gain: throughput and ISR-to-DPC latency per policy, against single-thread (virtual time)",
        run: quick => {
            gain = gainRows(quick)
            return gainFigures(gain)
        },
    },
    {
        id: "F4",
        title: "DeviceScript: bytecode, VM throughput and exact opcodes on a board (the opcodes not in --quick)",
        run: async quick => [...devsFigures(quick), ...(quick ? [] : await devsOpcodeFigures())],
    },
]

function usage(): never {
    console.error("usage: node --expose-gc dist/bench/main.js [--quick] [--json FILE] [--only F1,F2,...]")
    process.exit(2)
}

async function main(argv: string[]): Promise<number> {
    let quick = false
    let json: string | null = null
    let only: string[] | null = null
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]
        if (a === "--quick") quick = true
        else if (a === "--json" && i + 1 < argv.length) json = argv[++i]
        else if (a === "--only" && i + 1 < argv.length) only = argv[++i].split(",")
        else if (a === "--help" || a === "-h") {
            console.log("usage: npm run bench [-- --quick] [-- --json FILE] [-- --only F1,F4]")
            return 0
        } else usage()
    }
    const started = Date.now()
    const all: Figure[] = []
    console.log(`devs-dpc benchmarks (${quick ? "quick smoke run" : "full run"}), node ${process.version}, ${new Date().toISOString()}`)
    for (const s of SECTIONS) {
        if (only && !only.includes(s.id)) continue
        console.log(`# ${s.id} ${s.title}`)
        for (const f of await s.run(quick)) {
            console.log(formatFigure(f))
            all.push(f)
        }
    }
    if (gain.length > 0) console.log("# F3 table\n" + gainTable(gain))
    const secs = (Date.now() - started) / 1000
    console.log(`done: ${all.length} figures in ${secs.toFixed(1)} s`)
    if (json) writeFileSync(json, JSON.stringify({ quick, node: process.version, seconds: secs, figures: all, gain }, null, 2) + "\n")
    return 0
}

main(process.argv.slice(2)).then(
    code => process.exit(code),
    e => {
        console.error(`bench: ${e instanceof Error ? e.message : String(e)}`)
        process.exit(1)
    }
)
