/**
 * The firmware's drivers on Node, on the FakeHal (pins and alarms in memory, a manual clock):
 * the behaviours the simulator will pin on a modelled board, checked here on the app logic alone.
 */
import assert from "node:assert/strict"
import { Firmware } from "../../src/app/firmware"
import { FakeHal, loadBoard } from "../fixtures/fake-hal"

const TICK_US = 10000

function firmwareOn(board = "rp2040", policy: "cores" | "single-thread" = "cores") {
    const fw = new Firmware()
    const hal = new FakeHal(loadBoard(board), policy).start(fw)
    let ticks = 0
    /** Fires the tick every 10 ms up to `us`, draining after each. */
    const tickUntil = (us: number) => {
        while ((ticks + 1) * TICK_US <= us) {
            ticks++
            hal.fire(ticks * TICK_US, 0)
            hal.drain()
        }
    }
    return { fw, hal, tickUntil }
}

describe("firmware drivers (Node, FakeHal)", () => {
    it("set-up: one tick alarm every 10 ms routed to the last core; 8 DPCs spread over the cores", () => {
        const { fw, hal } = firmwareOn()
        assert.deepEqual(hal.armed, ["0:10000/10000"])
        assert.equal(hal.kernel.line("TIMER_IRQ_0").core, 1)
        assert.deepEqual(
            hal.kernel.dpcs.map(d => d.name),
            ["button.debounce", "button.hold", "tach.edge", "tach.rate", "sampler.sample", "sampler.report", "heartbeat.beat", "heartbeat.led"]
        )
        assert.equal(hal.kernel.drivers.length, 4)
        assert.ok(hal.kernel.drivers.every(d => d.dpcs.length === 2))
        assert.equal(fw.button!.pin, 14)
        assert.deepEqual(hal.writes, ["16=0@0"]) // the LED starts off
    })

    it("a bounce train of 8 edges 50 us apart is one press; the release follows the lock-out", () => {
        const { fw, hal, tickUntil } = firmwareOn()
        const b = fw.button!
        for (let i = 0; i < 8; i++) hal.edge(1000 + 50 * i, 14, i % 2 === 0 ? 0 : 1)
        hal.drain()
        assert.deepEqual([b.presses, b.bounces, b.debounce.stats.runs, b.debounce.stats.processed], [1, 7, 1, 8])
        tickUntil(30000)
        assert.deepEqual([b.presses, b.releases, b.pressed, b.lastPressNs], [1, 1, false, 29000000])
        assert.deepEqual([b.debounce.stats.coresMask, b.hold.stats.coresMask], [0b01, 0b10])
    })

    it("a press held 1 s is one long press", () => {
        const { fw, hal, tickUntil } = firmwareOn()
        const b = fw.button!
        hal.edge(5000, 14, 0)
        hal.drain()
        tickUntil(1000000)
        assert.equal(b.longPresses, 0)
        tickUntil(1500000)
        hal.edge(1500001, 14, 1)
        hal.drain()
        assert.deepEqual([b.presses, b.releases, b.longPresses, b.hold.stats.runs], [1, 1, 1, 1])
    })

    it("a 1 kHz pulse train reads 1000 Hz", () => {
        const { fw, hal, tickUntil } = firmwareOn()
        const t = fw.tach!
        for (let ms = 1; ms <= 1000; ms++) {
            tickUntil(ms * 1000)
            hal.edge(ms * 1000 + 3, 15, 1)
            hal.edge(ms * 1000 + 500, 15, 0)
            hal.drain()
        }
        tickUntil(1000000 + 5 * TICK_US)
        assert.equal(t.edges, 1000)
        assert.equal(t.updates, 10)
        assert.equal(t.frequencyHz, 1000)
    })

    it("the sampler runs on its period and reports the duty cycle per window", () => {
        const { fw, hal, tickUntil } = firmwareOn()
        const s = fw.sampler!
        hal.levels.set(26, 1)
        tickUntil(300000)
        hal.levels.set(26, 0)
        tickUntil(1000000)
        assert.deepEqual([s.samples, s.sample.stats.runs, s.windows, s.dutyPct], [100, 100, 1, 30])
    })

    it("the heartbeat blinks 1 Hz while healthy and 5 Hz after a fault", () => {
        const { fw, hal, tickUntil } = firmwareOn()
        tickUntil(1000000)
        assert.deepEqual(hal.writes.slice(1), ["16=1@100000000", "16=0@300000000"])
        hal.levels.set(26, 7) // not a digital level: the sampler's DPC throws, the kernel counts it
        tickUntil(1010000)
        assert.equal(fw.sampler!.sample.stats.errors, 1)
        tickUntil(1500000)
        assert.deepEqual(hal.writes.slice(3), ["16=1@1100000000", "16=0@1200000000", "16=1@1300000000", "16=0@1400000000", "16=1@1500000000"])
    })

    it("on the single-core ESP32-C3 every DPC runs on core 0", () => {
        const { fw, hal, tickUntil } = firmwareOn("esp32c3")
        hal.edge(1000, fw.button!.pin, 0)
        tickUntil(1000000)
        assert.ok(hal.kernel.dpcs.every(d => d.stats.coresMask === 0b1 || d.stats.runs === 0))
        assert.equal(hal.kernel.threads.length, 1)
        assert.equal(hal.kernel.line("TG0_T0_LEVEL").core, 0)
    })

    it("names what is missing when the board has no wiring", () => {
        const board = loadBoard("rp2040")
        delete board.wiring
        assert.throws(() => new FakeHal(board).start(new Firmware()), { message: "board rp2040: the board file has no 'wiring' (needs button, tach, sense, led)" })
    })
})
