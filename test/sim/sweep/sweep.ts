/**
 * The sweep: `runs` random scenarios (scenario-gen.ts) through the property (property.ts),
 * with fast-check shrinking any counterexample to a small scenario; one scenario in
 * CLI_EVERY also goes through the real command line. Used by the test suite (2,000
 * scenarios) and by `npm run sweep` (any number).
 */
import fc from "fast-check"
import { sweepProperty } from "./property"
import { scenarioArb } from "./scenario-gen"

export interface SweepResult {
    runs: number
    seconds: number
    /** "" when every scenario held; else what broke and the shrunk scenario (JSON). */
    failure: string
}

/** One scenario in this many is also run by `dpc-sim` itself (a process each: slow). */
export const CLI_EVERY = 200

export function sweep(runs: number, seed: number): SweepResult {
    const started = process.hrtime.bigint()
    let n = 0
    const out = fc.check(
        fc.property(scenarioArb, sc => sweepProperty(sc, n++ % CLI_EVERY === 0) === ""),
        { numRuns: runs, seed, endOnFailure: false }
    )
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (!out.failed || out.counterexample === null) return { runs: out.numRuns, seconds, failure: "" }
    const sc = out.counterexample[0]
    return {
        runs: out.numRuns,
        seconds,
        failure: `${sweepProperty(sc, true)}\nshrunk scenario (seed ${seed}, ${out.numShrinks} shrinks):\n${JSON.stringify(sc)}`,
    }
}
