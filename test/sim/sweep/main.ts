/**
 * `npm run sweep [-- --runs N] [-- --seed S]`: the random-scenario sweep on demand (default
 * 10,000 scenarios, seed 1). Prints the count and the time; on a failure, what broke and the
 * shrunk scenario to add to regressions.json. Exit 0 when every scenario held, 1 otherwise,
 * 2 on bad arguments.
 */
import { sweep } from "./sweep"

function usage(): never {
    console.error("usage: npm run sweep [-- --runs N] [-- --seed S]   (defaults: 10000 runs, seed 1)")
    process.exit(2)
}

function main(argv: string[]): number {
    let runs = 10_000
    let seed = 1
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i]
        const value = () => {
            const v = Number(argv[++i])
            if (!Number.isInteger(v) || v < 0) usage()
            return v
        }
        if (a === "--runs") runs = value()
        else if (a === "--seed") seed = value()
        else if (a === "--help" || a === "-h") {
            console.log("usage: npm run sweep [-- --runs N] [-- --seed S]: N random valid scenarios (default 10000), each run twice")
            return 0
        } else usage()
    }
    const r = sweep(runs, seed)
    console.log(`sweep: ${r.runs} scenarios (seed ${seed}) in ${r.seconds.toFixed(1)} s: ${r.failure === "" ? "every one held" : "FAILED"}`)
    if (r.failure !== "") {
        console.log(r.failure)
        return 1
    }
    return 0
}

process.exitCode = main(process.argv.slice(2))
