/**
 * The random-scenario sweep (issue 12): 2,000 valid scenarios over every board, policy, source
 * and stimulus kind (test/sim/sweep/scenario-gen.ts), each run twice: no run raises (no exit
 * but 0 or 1 from dpc-sim), conservation, per-source order and no self-concurrency hold, and
 * the two runs are byte-identical; one in 200 also through `dpc-sim run --json --trace --vcd`
 * (exit 0). `npm run sweep` runs 10,000 or more on demand; a shrunk
 * counterexample goes into sweep/regressions.json, run here first.
 */
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { ROOT } from "../fixtures/sim"
import { sweepProperty } from "./sweep/property"
import { sweep } from "./sweep/sweep"

const REGRESSIONS: { why: string; scenario: object }[] = JSON.parse(readFileSync(join(ROOT, "test", "sim", "sweep", "regressions.json"), "utf8"))

describe("simulator: random-scenario sweep", function () {
    this.timeout(300_000)

    it(`the shrunk counterexamples found so far hold (${REGRESSIONS.length})`, () => {
        for (const r of REGRESSIONS) assert.equal(sweepProperty(r.scenario), "", r.why)
    })

    it("2,000 random valid scenarios: each runs, keeps every invariant, and runs the same twice", () => {
        const r = sweep(2000, 20261201)
        assert.equal(r.failure, "")
        assert.equal(r.runs, 2000)
    })
})
