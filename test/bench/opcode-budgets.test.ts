/**
 * The firmware's opcode budgets on a board (tools/opmeter/budgets.ts, docs/board-limits.md) as
 * hard ceilings, measured exactly by the opcode meter in the DeviceScript VM: the kernel's hot
 * paths, the pin scan per watched pin, and the firmware per second idle and under the default
 * scenario's stimulus. The meter itself is checked first against bodies whose opcodes are known
 * from the bytecode. Opcode counts do not depend on the machine: this is not a timing test.
 * About three minutes (each probe is a `devs run`).
 */
import assert from "node:assert/strict"
import { BUDGETS, FirmwareOpcodes, KernelOpcodes, SCAN_PINS, firmwareOpcodes, kernelAndScanOpcodes, scanBudget } from "../../tools/opmeter/budgets"
import { measure } from "../../tools/opmeter/meter"

describe("opcode budgets on a board (exact VM opcodes)", function () {
    this.timeout(15 * 60_000)

    it("the meter counts a body of known cost exactly", async () => {
        const m = await measure(["check.loopTen"])
        assert.deepEqual([m[0].id, m[0].opcodes], ["check.loopTen", 136]) // 2 + 10 x 13 + 4, from the bytecode
    })

    let k: KernelOpcodes
    let scans: { pins: number; opcodes: number }[]
    before(async () => {
        ;({ kernel: k, scans } = await kernelAndScanOpcodes())
    })

    it(`kernel: <= ${BUDGETS.eventBatch1} per event (ISR + request + run of 1), <= ${BUDGETS.eventCoalesced} per coalesced event, <= ${BUDGETS.dispatchEmpty} per empty dispatch`, async () => {
        assert.ok(k.batch1 <= BUDGETS.eventBatch1, `ISR + request + run of 1: ${k.batch1} opcodes`)
        assert.ok(k.coalescedEvent <= BUDGETS.eventCoalesced, `coalesced event: ${k.coalescedEvent} opcodes`)
        assert.ok(k.dispatchEmpty <= BUDGETS.dispatchEmpty, `empty dispatch: ${k.dispatchEmpty} opcodes`)
        // The parts add up: a batch of 1 is its ISR and request, then the run; the baseline is a bare closure call.
        assert.ok(k.isrIdle > 0 && k.isrIdle < k.batch1, `ISR + request ${k.isrIdle} of ${k.batch1}`)
        assert.equal(k.closure, 9)
    })

    it(`scan: <= ${BUDGETS.scanFixed} + ${BUDGETS.scanPerPin} per watched pin, for ${SCAN_PINS.join(", ")} pins`, async () => {
        for (const s of scans) assert.ok(s.opcodes <= scanBudget(s.pins), `${s.pins} pins: ${s.opcodes} opcodes (budget ${scanBudget(s.pins)})`)
        // More pins cost more: each is compared at every scan.
        for (let i = 1; i < scans.length; i++) assert.ok(scans[i].opcodes > scans[i - 1].opcodes)
    })

    let fw: FirmwareOpcodes
    it(`firmware: <= ${BUDGETS.firmwareIdlePerSecond} opcodes/s idle, <= ${BUDGETS.firmwareStimulusPerSecond} under the default stimulus`, async () => {
        fw = await firmwareOpcodes()
        assert.ok(fw.idlePerSecond <= BUDGETS.firmwareIdlePerSecond, `idle: ${fw.idlePerSecond} opcodes/s`)
        assert.ok(fw.stimulusPerSecond <= BUDGETS.firmwareStimulusPerSecond, `default stimulus: ${fw.stimulusPerSecond} opcodes/s`)
        assert.ok(fw.stimulusPerSecond > fw.idlePerSecond)
    })
})
