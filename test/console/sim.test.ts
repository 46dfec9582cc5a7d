/**
 * `dpc-console --sim` end to end: what the console shows after reading the simulated UART
 * equals the summary `dpc-sim run --json` prints for the same scenario and seed, on the native
 * host (whose board writes a final report and times its ISRs and DPCs; the devicescript host
 * prints what the firmware prints, which cannot time below a millisecond).
 */
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { main } from "../../console/cli"
import { Session } from "../../console/session"
import { SimSource } from "../../console/sources/sim-source"
import { ViewModel } from "../../console/view-model"
import { Summary, runScenarioFile } from "../../sim/run"

const ROOT = join(__dirname, "..", "..", "..")
const SCENARIOS = readdirSync(join(ROOT, "scenarios")).filter(f => f.endsWith(".json")).sort()
const SEED = 7

function simSummary(scenario: string, seed: number): Summary {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "dpc-sim.js"), "run", scenario, "--seed", String(seed), "--host", "native", "--json"], { cwd: ROOT, encoding: "utf8" })
    assert.equal(r.status, 0, r.stderr)
    return JSON.parse(r.stdout) as Summary
}

/** The console's view of a run, in the summary's terms (what SPEC 3.3 and 3.4 share). */
function consoleTotals(m: ViewModel) {
    return {
        board: m.boot?.board,
        policy: m.boot?.policy,
        events: m.events === null ? null : { raised: m.events.raised, processed: m.events.processed, dropped: m.events.dropped, pending: m.events.pending },
        cores: m.coreRows().map(c => ({ id: c.id, isr_us: c.isrUs, dpc_us: c.dpcUs, threads: c.threads })),
        dpcs: m.dpcRows().map(d => ({
            name: d.name, runs: d.runs, events: d.events, coalesced: d.coalesced, max_batch: d.maxBatch, dropped: d.dropped,
            errors: d.errors, watchdog: d.watchdog, cores_used: d.cores, latency_us: { p50: d.latP50Us, p99: d.latP99Us, max: d.latMaxUs }, run_max_us: d.runMaxUs,
        })),
        lines: m.lineRows().map(l => ({ name: l.name, core: l.core, count: l.count, dropped: l.dropped })),
    }
}

function summaryTotals(s: Summary) {
    const byName = (a: { name: string; core: number }, b: { name: string; core: number }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.core - b.core)
    return {
        board: s.board,
        policy: s.policy,
        events: s.events,
        cores: s.cores.map(c => ({ id: c.id, isr_us: c.isr_us, dpc_us: c.dpc_us, threads: c.threads.length })),
        dpcs: s.dpcs.map(d => ({
            name: d.name, runs: d.runs, events: d.events, coalesced: d.coalesced, max_batch: d.max_batch, dropped: d.dropped,
            errors: d.errors, watchdog: d.watchdog, cores_used: d.cores_used.length > 0 ? d.cores_used.join("+") : "-", latency_us: d.latency_us, run_max_us: d.run_us.max,
        })),
        lines: s.lines.map(l => ({ name: l.name, core: l.core, count: l.count, dropped: l.dropped })).sort(byName),
    }
}

describe("dpc-console --sim (end to end with the simulator)", () => {
    it(`has scenarios to run (${SCENARIOS.length})`, () => assert.ok(SCENARIOS.length >= 5))

    for (const file of SCENARIOS)
        it(`${file}, seed ${SEED}: the console's totals equal dpc-sim's --json summary`, async () => {
            const scenario = join("scenarios", file)
            const session = new Session({ mode: "json", label: scenario, out: () => {}, err: () => {} })
            const source = new SimSource(join(ROOT, scenario), { seed: SEED, host: "native" })
            await source.run(session)
            session.end()
            const expected = simSummary(scenario, SEED)
            assert.deepEqual(source.summary, expected, "the same run as the dpc-sim CLI's")
            assert.deepEqual(consoleTotals(session.model), summaryTotals(expected))
            // The board says how many diagnostics lines it could not send (faults counted only, under
            // a busy UART), and utilization agrees to the report's 0.1 %.
            assert.equal(session.model.events!.diagLost, runScenarioFile(join(ROOT, scenario), { seed: SEED, host: "native" }).board.diagLost())
            for (const c of session.model.coreRows()) {
                const want = expected.cores[c.id]
                assert.ok(Math.abs(c.util - want.utilization * 100) <= 0.05 + 1e-9, `core ${c.id}: util ${c.util}% vs ${want.utilization * 100}%`)
            }
            assert.deepEqual(session.reader.rejects, { "bad-checksum": 0, truncated: 0, malformed: 0, overlong: 0, garbage: 0 })
            assert.equal(session.model.boots, 1)
        })

    it("passes --board, --policy and --duration-ms to the simulator, and its bad input is one line", async () => {
        let out = ""
        let err = ""
        const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), isTTY: false }
        const scenario = join(ROOT, "scenarios", "policy-cores.json")
        assert.equal(await main(["--sim", scenario, "--json", "--policy", "round-robin", "--board", "esp32", "--duration-ms", "5"], io), 0)
        const boot = JSON.parse(out.split("\n")[0])
        assert.deepEqual([boot.kind, boot.board, boot.policy], ["boot", "esp32", "round-robin"])
        out = err = ""
        assert.equal(await main(["--sim", scenario, "--policy", "fastest"], io), 2)
        assert.equal(out, "")
        assert.match(err, /^dpc-console: --policy: must be one of [a-z, -]+, got 'fastest'\n$/)
        out = err = ""
        assert.equal(await main(["--sim", "no-such.json"], io), 2)
        assert.match(err, /^dpc-console: no-such\.json: [^\n]+\n$/)
    })
})
