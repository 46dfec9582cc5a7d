/**
 * A run taken in slices (dpc-sim run and dpc-console --sim yield between slices so that the view
 * is live and Ctrl-C works) is the same run as one taken in one go: the same summary, the same
 * UART lines at the same times, the same trace.
 */
import assert from "node:assert/strict"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { TextTrace } from "../../sim/output/text-trace"
import { runScenario, runScenarioSliced, ScenarioRun } from "../../sim/run"
import { loadScenario } from "../../sim/scenario/load"
import { ROOT } from "../fixtures/sim"

const DIR = join(ROOT, "scenarios")
const FILES = readdirSync(DIR).filter(f => f.endsWith(".json")).sort()

function observed() {
    const trace = new TextTrace(true)
    const uart: string[] = []
    return { trace, uart, opts: { recorder: trace, onUart: (line: string, ns: number) => uart.push(`${ns} ${line}`) } }
}

describe("a run in slices is the same run", () => {
    for (const file of FILES)
        it(`${file}: whole, adaptive slices and 1 ms slices agree (summary, UART, trace)`, async () => {
            const sc = () => loadScenario(join(DIR, file), { durationMs: 300 })
            const whole = observed()
            const a = runScenario(sc(), whole.opts)
            const sliced = observed()
            const b = await runScenarioSliced(sc(), sliced.opts)
            const fixed = observed()
            const run = new ScenarioRun(sc(), fixed.opts)
            for (let t = 1_000_000; !run.done; t += 1_000_000) run.runTo(t)
            const c = run.finish()
            assert.equal(b.stoppedAtNs, undefined)
            for (const [name, r, o] of [["adaptive", b, sliced], ["1 ms", c, fixed]] as const) {
                assert.deepEqual(r.summary, a.summary, `${name}: summary`)
                assert.deepEqual(o.uart, whole.uart, `${name}: UART`)
                assert.deepEqual(o.trace.lines, whole.trace.lines, `${name}: trace`)
                assert.equal(r.invariants, "")
            }
        })

    it("shouldStop ends a run between slices, at the time reached, with the invariants checked", async () => {
        let slices = 0
        const r = await runScenarioSliced(loadScenario(join(DIR, "saturation.json")), { shouldStop: () => ++slices > 3 })
        assert.ok(r.stoppedAtNs !== undefined && r.stoppedAtNs > 0 && r.stoppedAtNs < 200_000_000, `stopped at ${r.stoppedAtNs}`)
        assert.equal(r.summary.simulated_us * 1000, r.stoppedAtNs)
        assert.equal(r.invariants, "")
    })
})
