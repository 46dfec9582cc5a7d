/**
 * The shared kernel script gives the reviewed trace on Node; test/devs/kernel.test.ts checks the
 * DeviceScript VM against the same lines, so both hosts behave identically.
 */
import assert from "node:assert/strict"
import { parseLine } from "../../src/kernel"
import { runKernelScript } from "../shared/kernel-script"
import { EXPECTED_CORES, EXPECTED_SINGLE_THREAD } from "../shared/kernel-script.expected"

describe("shared kernel script (same lines on every host)", () => {
    it("policy cores", () => assert.deepEqual(runKernelScript("cores"), EXPECTED_CORES))
    it("policy single-thread", () => assert.deepEqual(runKernelScript("single-thread"), EXPECTED_SINGLE_THREAD))
    it("every diagnostics line in it parses with the shared parser", () => {
        const records = EXPECTED_CORES.filter(l => l.startsWith("$"))
        assert.equal(records.length, 24) // boot, 3 err, 2 line, 5 DPCs x (dpc, lat, faults), 2 core, events
        for (const l of records) assert.equal(parseLine(l).status, "ok", l)
    })
})
