import assert from "node:assert/strict"
import { formatRecord, parseLine } from "../../src/kernel"
import { renderScreen, table } from "../../console/render"
import { zeroRejects } from "../../console/reader"
import { LAST_ERRORS, ViewModel } from "../../console/view-model"

function rec(kind: string, fields: { [k: string]: string | number }) {
    return parseLine(formatRecord(kind, Object.keys(fields), Object.values(fields))).record!
}

const boot = rec("boot", { board: "esp32", cores: 2, policy: "round-robin", threads: 2, version: "0.1.0" })
const line = (core: number, count: number) => rec("line", { name: "IO_IRQ_BANK0", core, count, dropped: 1 })

describe("console view model", () => {
    it("takes boot, core, line, dpc, events and err records", () => {
        const m = new ViewModel()
        m.apply(boot)
        m.apply(rec("core", { id: 1, util: 13.3, isr_us: 800, dpc_us: 533, threads: 1, runs: 9, qmax: 3 }))
        m.apply(rec("core", { id: 0, util: 57.8, isr_us: 1200, dpc_us: 4580.5, threads: 1, runs: 40, qmax: 4 }))
        m.apply(line(0, 5))
        m.apply(rec("dpc", { name: "debounce", runs: 4, events: 9, coalesced: 5, max_batch: 3, dropped: 1, pending: 0, errors: 0, watchdog: 2, lat_p50_us: 6.1, lat_p99_us: 18.5, lat_max_us: 21, run_max_us: 4, cores: "0+1" }))
        m.apply(rec("events", { raised: 10, processed: 9, dropped: 1, pending: 0, diag_lost: 3 }))
        m.apply(rec("err", { fault: "watchdog", dpc: "debounce", core: 1, run_us: 31.5, count: 2 }))
        m.apply(rec("mystery", { x: 1 }))
        m.apply(rec("dpc", { runs: 1 })) // no name: nothing to attach it to
        assert.deepEqual(m.boot, { board: "esp32", cores: 2, policy: "round-robin", threads: 2, version: "0.1.0" })
        assert.deepEqual(m.coreRows().map(c => [c.id, c.util, c.qmax, c.runs]), [[0, 57.8, 4, 40], [1, 13.3, 3, 9]])
        assert.deepEqual(m.lineRows(), [{ name: "IO_IRQ_BANK0", core: 0, count: 5, dropped: 1, rate: null, atMs: undefined, refCount: 5, refAtMs: undefined }])
        const d = m.dpcRows()[0]
        assert.deepEqual([d.name, d.runs, d.events, d.coalesced, d.dropped, d.watchdog, d.latP50Us, d.latP99Us, d.latMaxUs, d.cores], ["debounce", 4, 9, 5, 1, 2, 6.1, 18.5, 21, "0+1"])
        assert.deepEqual(m.events, { raised: 10, processed: 9, dropped: 1, pending: 0, diagLost: 3 })
        assert.deepEqual(m.errors, [{ fault: "watchdog", fields: ["dpc=debounce", "core=1", "run_us=31.5", "count=2"] }])
        assert.equal(m.ignored, 2)
    })

    it("computes interrupt-line rates from the times given with the records", () => {
        const m = new ViewModel()
        m.apply(line(0, 100), 1000)
        m.apply(line(1, 7), 1000)
        assert.equal(m.lineRows()[0].rate, null)
        m.apply(line(0, 350), 1500) // 250 in 0.5 s
        assert.equal(m.lineRows()[0].rate, 500)
        m.apply(line(0, 350), 1500) // the same report again keeps the rate
        assert.equal(m.lineRows()[0].rate, 500)
        m.apply(line(0, 351), 1503) // a report 3 ms later (too soon to measure) keeps it too
        assert.equal(m.lineRows()[0].rate, 500)
        m.apply(line(0, 400), 1999) // still measured from the sample at 1500
        assert.equal(m.lineRows()[0].rate, 500)
        m.apply(line(0, 401), 2000) // 51 in 0.5 s since 1500
        assert.equal(m.lineRows()[0].rate, 102)
        m.apply(line(0, 10), 2600) // the counter went back (reset without boot): unknown
        assert.equal(m.lineRows()[0].rate, null)
        m.apply(line(0, 20)) // no time (replay): unknown
        assert.equal(m.lineRows()[0].rate, null)
        assert.deepEqual(m.lineRows().map(l => [l.core, l.count]), [[0, 20], [1, 7]])
    })

    it("a boot record (board reset) restarts the view", () => {
        const m = new ViewModel()
        m.apply(boot)
        m.apply(line(0, 5))
        m.apply(rec("err", { fault: "error", dpc: "x", core: 0, count: 1, message: "boom" }))
        m.apply(rec("events", { raised: 1, processed: 1, dropped: 0, pending: 0 }))
        m.apply(boot)
        assert.equal(m.boots, 2)
        assert.deepEqual([m.lineRows(), m.dpcRows(), m.coreRows(), m.errors, m.errorRecords, m.events], [[], [], [], [], 0, null])
    })

    it("keeps the last errors only, and counts them all", () => {
        const m = new ViewModel()
        for (let i = 0; i < LAST_ERRORS + 3; i++) m.apply(rec("err", { fault: "error", dpc: "d", core: 0, count: i + 1, message: `m${i}` }))
        assert.equal(m.errorRecords, LAST_ERRORS + 3)
        assert.deepEqual(m.errors.map(e => e.fields[3]), ["message=m3", "message=m4", "message=m5", "message=m6", "message=m7"])
    })

    it("renders the screen as aligned text", () => {
        assert.deepEqual(table(["name", "n"], [["a", "1"], ["long", "123"]]), ["name    n", "a       1", "long  123"])
        const m = new ViewModel()
        m.apply(boot)
        m.apply(line(0, 100), 0)
        m.apply(line(0, 150), 2000)
        const rejects = zeroRejects()
        rejects.garbage = 2
        const screen = renderScreen({ source: "replay x.log", model: m, records: 3, textLines: 1, rejects, recentText: ["hello \x1b[31m"], status: "x: reconnected after 1 attempt" })
        assert.deepEqual(screen, [
            "dpc-console  replay x.log  board esp32, 2 cores, policy round-robin, 2 DPC threads, version 0.1.0",
            "status: x: reconnected after 1 attempt",
            "events: -",
            "",
            "cores: no core record yet",
            "",
            "interrupt line  core  count  dropped  rate/s",
            "IO_IRQ_BANK0       0    150        1      25",
            "",
            "DPCs: no dpc record yet",
            "",
            "errors: none",
            "",
            "wire: 3 records, 1 text lines, rejected 2 (garbage 2)",
            "",
            "hello \\x1b[31m",
        ])
    })
})
