/**
 * Every example scenario runs with its invariants holding and shows what its description says.
 */
import assert from "node:assert/strict"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { parseLine, recordToObject } from "../../src/kernel"
import { runScenarioFile, SimResult } from "../../sim/run"
import { ROOT } from "../fixtures/sim"

const DIR = join(ROOT, "scenarios")

function run(name: string): SimResult & { records: { [k: string]: string | number }[] } {
    const uart: string[] = []
    const r = runScenarioFile(join(DIR, name), { onUart: line => uart.push(line) })
    const records = uart.map(l => parseLine(l)).filter(p => p.status === "ok").map(p => recordToObject(p.record!))
    return { ...r, records }
}

const byName = (r: SimResult, name: string) => r.summary.dpcs.find(d => d.name === name)!

describe("example scenarios", () => {
    for (const file of readdirSync(DIR).filter(f => f.endsWith(".json"))) {
        it(`${file}: runs; conservation, per-source order and no self-concurrency hold`, () => {
            const r = run(file)
            assert.equal(r.invariants, "")
            const e = r.summary.events
            assert.ok(e.raised > 0)
            assert.equal(e.raised, e.processed + e.dropped + e.pending)
        })
    }

    it("policy-*.json: each policy puts the DPCs where it says", () => {
        const used = (p: string) => run(`policy-${p}.json`).summary.dpcs.map(d => `${d.name}:${d.cores_used.join("+")}`)
        assert.deepEqual(used("single-thread"), ["debounce:0", "count:0", "sample:0"])
        assert.deepEqual(used("threads"), ["debounce:0", "count:0", "sample:0"])
        assert.deepEqual(used("cores"), ["debounce:0", "count:1", "sample:0"])
        // tach and alarm interrupt core 1: their DPCs run there
        assert.deepEqual(used("interrupting-core"), ["debounce:0", "count:1", "sample:1"])
        const rr = run("policy-round-robin.json").summary
        assert.ok(rr.dpcs.some(d => d.cores_used.length === 2), "round-robin moves a DPC between cores")
        const threads = run("policy-threads.json").summary.cores[0].threads
        assert.equal(threads.length, 2)
        assert.ok(threads.every(t => t.dpc_runs > 0))
    })

    it("burst-coalescing.json: 100 events in far fewer runs; every later event of a burst absorbed", () => {
        const d = byName(run("burst-coalescing.json"), "drain")
        assert.deepEqual([d.events, d.runs, d.coalesced, d.dropped], [100, 10, 90, 0])
    })

    it("bounce.json: every falling edge of 2 presses and 2 releases reaches the DPC (12 events)", () => {
        const r = run("bounce.json")
        assert.equal(r.summary.events.raised, 12)
        assert.equal(byName(r, "debounce").events, 12)
    })

    it("overflow.json: the full ring drops events, counted on DPC, source line, and reported", () => {
        const r = run("overflow.json")
        const count = byName(r, "count")
        assert.ok(count.dropped > 0)
        assert.equal(count.dropped, r.summary.events.dropped)
        assert.equal(r.summary.lines.find(l => l.name === "IO_IRQ_BANK0")!.dropped, count.dropped)
        const errs = r.records.filter(o => o.kind === "err" && o.fault === "overflow")
        assert.ok(errs.length > 0)
        assert.deepEqual(Object.keys(errs[0]), ["kind", "fault", "dpc", "line", "source", "core", "count"])
        assert.deepEqual([errs[0].dpc, errs[0].line, errs[0].source], ["count", "IO_IRQ_BANK0", "fast"])
    })

    it("throw.json: every 3rd run of parse throws, is counted and reported; sample keeps running", () => {
        const r = run("throw.json")
        const parse = byName(r, "parse")
        assert.deepEqual([parse.runs, parse.errors, parse.events], [20, 6, 20])
        assert.equal(byName(r, "sample").runs, 49)
        const errs = r.records.filter(o => o.kind === "err" && o.fault === "error")
        assert.equal(errs.length, 6)
        assert.equal(errs[0].message, "injected failure (run 3, fail_every 3)")
    })

    it("watchdog.json: long runs are counted and reported with their length", () => {
        const r = run("watchdog.json")
        const f = byName(r, "filter")
        assert.ok(f.watchdog > 0)
        assert.ok(f.run_us.max > 100)
        const hits = r.records.filter(o => o.kind === "err" && o.fault === "watchdog")
        assert.equal(hits.length, f.watchdog)
        assert.ok(hits.every(h => (h.run_us as number) > 100))
    })

    it("single-core.json: on the ESP32-C3 everything shares core 0", () => {
        const s = run("single-core.json").summary
        assert.deepEqual([s.board, s.cores.length], ["esp32c3", 1])
        assert.ok(s.dpcs.every(d => d.cores_used.join() === "0"))
    })
})
