/** The simulator's reading of a board file's `hardware` section: what the schema cannot say. */
import assert from "node:assert/strict"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { loadBoard } from "../../sim/board-spec"
import { ROOT, simBoard } from "../fixtures/sim"

/** The message loading `id`'s board file changed by `mutate` gives, or "no error". */
function loadError(id: string, mutate: (hw: any) => void): string {
    const json = JSON.parse(readFileSync(join(ROOT, "boards", `${id}.board.json`), "utf8"))
    mutate(json.hardware)
    const file = join(mkdtempSync(join(tmpdir(), "dpc-board-")), "x.board.json")
    writeFileSync(file, JSON.stringify(json))
    try {
        loadBoard(file)
    } catch (e: any) {
        return e.message.slice(e.message.indexOf("x.board.json"))
    }
    return "no error"
}

describe("board files: the native model's keys", () => {
    it("reads latch, synchroniser, dispatch order, tail chain and native costs", () => {
        const rp = loadBoard("rp2040")
        assert.deepEqual([rp.gpio.latch, rp.gpio.inputSync, rp.interrupt.dispatchOrder, rp.interrupt.tailChain], [
            "per-edge",
            { clockHz: 125_000_000, stages: 2 },
            "lowest-number",
            { cycles: 6, scope: "any", lateArrival: true },
        ])
        assert.deepEqual(rp.native.crossCoreWake, { irq: "SIO_IRQ_PROC0 / SIO_IRQ_PROC1 (IRQ 15, 16)", handlerCycles: 30 })
        const esp = loadBoard("esp32")
        assert.deepEqual([esp.gpio.latch, esp.interrupt.dispatchOrder, esp.interrupt.cpuInterrupts[0].free[0]], ["per-pin", "highest-cpu-interrupt", [8, 9, 12, 13, 17, 18]])
        assert.equal(loadBoard("esp32c3").native.crossCoreWake, null)
    })

    it("reads the DeviceScript runtime's facts: the VM's core, its wake-up, the cost of an opcode", () => {
        const ds = (id: string) => {
            const d = loadBoard(id).devicescript
            return `${d.vmCore} ${d.wakeMs}ms ${d.opcodeNs.plain}/${d.opcodeNs.kernel}ns ${d.logBytesPerPass}B/pass ${d.logBufferBytes}B log ${d.heapBytes}B`
        }
        assert.deepEqual(["rp2040", "esp32", "esp32s3", "esp32c3"].map(ds), [
            "0 1ms 2300/4100ns 128B/pass 4096B log 65536B",
            "0 10ms 1800/3200ns 128B/pass 4096B log 65536B",
            "0 10ms 1800/3200ns 128B/pass 4096B log 65536B",
            "0 10ms 1800/3200ns 128B/pass 4096B log 65536B",
        ])
        assert.equal(loadError("esp32c3", hw => (hw.devicescript.vmCore = 1)), "x.board.json: hardware.devicescript.vmCore: must be below the board's 1 cores")
        assert.match(loadError("rp2040", hw => delete hw.devicescript.wakeMs), /^x\.board\.json: hardware\.devicescript: missing required key 'wakeMs'/)
    })

    it("errors name the file and the JSON path", () => {
        assert.equal(loadError("esp32", hw => delete hw.interrupt.cpuInterrupts), "x.board.json: hardware.interrupt: missing required key 'cpuInterrupts' (dispatchOrder highest-cpu-interrupt)")
        assert.equal(loadError("esp32", hw => hw.interrupt.cpuInterrupts[1].free.pop()), "x.board.json: hardware.interrupt.cpuInterrupts[1].free: needs one list per core (2), got 1")
        assert.equal(loadError("esp32", hw => (hw.interrupt.cpuInterrupts[2].priority = 3)), "x.board.json: hardware.interrupt.cpuInterrupts[2].priority: must be below priorityLevels (3)")
        assert.equal(loadError("rp2040", hw => (hw.interrupt.cpuInterrupts = [{ priority: 0, free: [[1], [1]] }])), "x.board.json: hardware.interrupt.cpuInterrupts: applies to dispatchOrder highest-cpu-interrupt only")
        assert.equal(loadError("rp2040", hw => delete hw.native.crossCoreWake), "x.board.json: hardware.native: missing required key 'crossCoreWake' (the board has 2 cores)")
        assert.match(loadError("rp2040", hw => delete hw.native), /^x\.board\.json: hardware: missing required key 'native'/)
        assert.match(loadError("rp2040", hw => (hw.gpio.latch = "per-bit")), /^x\.board\.json: hardware\.gpio\.latch: must be one of per-edge, per-pin/)
    })

    it("ESP32: more lines at one priority on a core than free CPU interrupts cannot be set up (esp_intr_alloc would fail)", () => {
        const sources = [
            { name: "p", gpio: 4, edge: "rising", dpc: "d" },
            { name: "a", alarm: 0, period_us: 10, dpc: "d" },
            { name: "b", alarm: 1, period_us: 10, dpc: "d" },
        ]
        const priorities = { GPIO_INTR: 0, TG0_T0_LEVEL: 0, TG0_T1_LEVEL: 0 }
        assert.throws(() => simBoard({ board: "esp32", priorities, sources, dpcs: [{ name: "d", cycles: 100 }] }), {
            name: "InputError",
            message: "test.json: cannot set up the scenario on esp32: watchAlarm(1): no free CPU interrupt at priority 0 on core 0 of esp32 (all 2 taken; esp_intr_alloc would fail)",
        })
    })
})
