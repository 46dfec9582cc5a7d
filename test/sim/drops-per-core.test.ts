/**
 * A dropped event is charged to the (line, core) row of the core whose interrupt raised it: in
 * the summary, the report and the UART's `line` records alike (issue 13, point 8).
 */
import assert from "node:assert/strict"
import { join } from "node:path"
import { parseLine, recordToObject } from "../../src/kernel"
import { formatReport } from "../../sim/output/report"
import { runScenarioFile } from "../../sim/run"
import { ROOT } from "../fixtures/sim"

describe("drops are charged to the core that raised them", () => {
    it("saturation.json, single-thread: source a (core 0) drops on core 0's row, b (core 1) on core 1's", () => {
        const uart: string[] = []
        const r = runScenarioFile(join(ROOT, "scenarios", "saturation.json"), { policy: "single-thread", onUart: line => uart.push(line) })
        const s = r.summary
        const dropped = (name: string) => s.dpcs.find(d => d.name === name)!.dropped
        assert.ok(dropped("work_a") > 0 && dropped("work_b") > 0, "both DPCs drop")
        assert.deepEqual(
            s.lines.map(l => [l.name, l.core, l.count, l.dropped]),
            [
                ["IO_IRQ_BANK0", 0, 5000, dropped("work_a")],
                ["IO_IRQ_BANK0", 1, 5000, dropped("work_b")],
            ]
        )
        for (const l of s.lines) assert.ok(l.dropped <= l.count, `${l.name} core ${l.core}: ${l.dropped} dropped of ${l.count}`)
        const lines = uart.map(parseLine).filter(p => p.status === "ok").map(p => recordToObject(p.record!)).filter(o => o.kind === "line")
        assert.deepEqual(lines.slice(-2), [
            { kind: "line", name: "IO_IRQ_BANK0", core: 0, count: 5000, dropped: dropped("work_a") },
            { kind: "line", name: "IO_IRQ_BANK0", core: 1, count: 5000, dropped: dropped("work_b") },
        ])
        const report = formatReport(r).split("\n")
        assert.match(report.find(l => /^IO_IRQ_BANK0 +0 /.test(l))!, new RegExp(`^IO_IRQ_BANK0 +0 +5000 +\\d+ +${dropped("work_a")} +0 +0$`))
        assert.match(report.find(l => /^IO_IRQ_BANK0 +1 /.test(l))!, new RegExp(`^IO_IRQ_BANK0 +1 +5000 +\\d+ +${dropped("work_b")} +0 +0$`))
    })
})
