/**
 * The devicescript host's calibration table (sim/host/devicescript/calibration.json) against
 * the code: each probe group's total and the fiber loops are measured again with the opcode
 * meter (one DeviceScript VM run a group) and must equal the table's, so the simulator's costs
 * never drift from the code. When this fails, `npm run calibrate` regenerates the table and
 * `npm run calibrate -- --check` names the steps that moved.
 */
import assert from "node:assert/strict"
import { calibration } from "../../sim/host/devicescript/calibration"
import { CheckMeasurement, compareTable, describeDrifts, measureCheck } from "../../tools/calibrate/check"
import { ENTRIES } from "../../tools/calibrate/entries"

describe("devicescript host: the calibration table matches the code", function () {
    this.timeout(300_000)
    let m: CheckMeasurement

    before(async () => {
        m = await measureCheck()
    })

    it("every group's total and every fiber loop, measured now, are the table's", () => {
        const drifts = compareTable(calibration(), m)
        assert.deepEqual(drifts, [], describeDrifts(drifts))
    })

    it("a table that differs from the code is reported, naming what moved", () => {
        const table = JSON.parse(JSON.stringify(calibration()))
        table.loops.scan += 1
        table.groups.printer.total -= 3
        assert.equal(
            describeDrifts(compareTable(table, m)),
            [
                "the calibration table no longer matches the code (sim/host/devicescript/calibration.json):",
                `  loops.scan: ${m.loops.scan + 1} opcodes in the table, ${m.loops.scan} now; moves loops.scan`,
                `  group printer: ${m.totals.printer - 3} opcodes in the table, ${m.totals.printer} now`,
                "regenerate it with: npm run calibrate",
            ].join("\n")
        )
        table.groups.kernel.names = table.groups.kernel.names.slice(1)
        assert.deepEqual(compareTable(table, m).map(d => d.what), ["the steps of group kernel (the probe file lists others than the table)"])
    })

    it("the table has every entry the simulator reads, each saying what it is and how it was derived", () => {
        const t = calibration()
        assert.deepEqual(Object.keys(t.entries), ENTRIES.map(e => e.name))
        for (const e of ENTRIES) assert.deepEqual([t.entries[e.name].is, t.entries[e.name].from], [e.is, e.formula])
    })
})
