/**
 * The published schemas are valid JSON Schema (draft 2020-12) as Ajv reads them strictly (at
 * run time they are compiled without that check, to start fast), every example scenario
 * follows its schema, and the VCD writer stops at its size limit and says where.
 */
import assert from "node:assert/strict"
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { VcdWriter } from "../../sim/output/vcd"
import { pendingTemporaryFiles } from "../../sim/output/output-file"
import { runScenario } from "../../sim/run"
import { loadScenario } from "../../sim/scenario/load"
import { makeAjv } from "../../sim/schema/validate"
import { ROOT } from "../fixtures/sim"

describe("schemas and output limits", () => {
    for (const file of ["scenario.schema.json", "board.schema.json"])
        it(`${file} is valid JSON Schema under Ajv's strict mode`, () => {
            const ajv = makeAjv(true)
            const schema = JSON.parse(readFileSync(join(ROOT, "sim", "schema", file), "utf8"))
            assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors))
            ajv.compile(schema)
        })

    it("every example scenario and board file follows its schema", () => {
        const ajv = makeAjv(true)
        const scenario = ajv.compile(JSON.parse(readFileSync(join(ROOT, "sim", "schema", "scenario.schema.json"), "utf8")))
        for (const f of readdirSync(join(ROOT, "scenarios"))) assert.equal(scenario(JSON.parse(readFileSync(join(ROOT, "scenarios", f), "utf8"))), true, f)
        const board = makeAjv(true).compile(JSON.parse(readFileSync(join(ROOT, "sim", "schema", "board.schema.json"), "utf8")))
        for (const f of readdirSync(join(ROOT, "boards")).filter(f => f.endsWith(".board.json"))) assert.equal(board(JSON.parse(readFileSync(join(ROOT, "boards", f), "utf8"))), true, f)
    })

    it("defect 9: a VCD stops at its size limit, ends with a comment saying where, and the report can say so", () => {
        const dir = mkdtempSync(join(tmpdir(), "dpc-vcd-"))
        const path = join(dir, "w.vcd")
        const sc = loadScenario(join(ROOT, "scenarios", "storm.json"), { durationMs: 50 })
        const vcd = new VcdWriter("--vcd", path, 20_000)
        runScenario(sc, {
            recorder: vcd,
            onBoard: b => vcd.start({ board: "rp2040", pins: [{ pin: 10, level: 0 }], cores: 2, threads: b.kernel.threads.map(t => ({ index: t.index, core: t.core, thread: t.thread })), dpcs: b.kernel.dpcs.map(d => d.name) }),
        })
        assert.equal(existsSync(path), false, "nothing in place before close")
        assert.equal(pendingTemporaryFiles().length, 1)
        vcd.close(sc.durationNs)
        assert.deepEqual(pendingTemporaryFiles(), [])
        const text = readFileSync(path, "utf8")
        assert.ok(vcd.truncatedAtNs > 0 && vcd.truncatedAtNs < sc.durationNs, `stopped at ${vcd.truncatedAtNs}`)
        assert.ok(text.length < 20_000 + 200, `${text.length} bytes`)
        assert.ok(text.endsWith(`#${vcd.truncatedAtNs}\n$comment dpc-sim: the waveform stops here, at ${vcd.truncatedAtNs} ns: it reached its 20000-byte limit $end\n`), text.slice(-200))
    })
})
