/**
 * The firmware's own drivers (src/app/) on the simulated boards, with exact expectations: what
 * `npm start` runs and what is flashed to a board are the same app.
 */
import assert from "node:assert/strict"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Firmware } from "../../src/app/firmware"
import { ROOT, simBoard } from "../fixtures/sim"

function firmwareOn(stimulus: object[], extra: object = {}, board = "rp2040") {
    const fw = new Firmware()
    const b = simBoard({ app: "firmware", board, stimulus, ...extra }, {}, fw)
    return { fw, b, k: b.board.kernel }
}

describe("firmware drivers on the simulator", () => {
    it("set-up: 4 drivers of 2 DPCs each; the tick alarm every 20 ms on the last core; the LED an output, off", () => {
        const { b, k } = firmwareOn([])
        assert.deepEqual(
            k.dpcs.map(d => d.name),
            ["button.debounce", "button.hold", "tach.edge", "tach.rate", "sampler.sample", "sampler.report", "heartbeat.beat", "heartbeat.led"]
        )
        assert.deepEqual(k.drivers.map(d => `${d.name}:${d.dpcs.length}`), ["button:2", "tach:2", "sampler:2", "heartbeat:2"])
        assert.equal(k.line("TIMER_IRQ_0").core, 1)
        b.run(60_000)
        assert.deepEqual(b.trace.grep("isr TIMER_IRQ_0 begin"), ["20000000ns core1 isr TIMER_IRQ_0 begin", "40000000ns core1 isr TIMER_IRQ_0 begin", "60000000ns core1 isr TIMER_IRQ_0 begin"])
        const led = b.board.bank.pin(16)!
        assert.deepEqual([led.isOutput, led.level], [true, 0])
    })

    it("a bounce train of 8 edges 50 us apart is one press; the release is taken when the lock-out ends", () => {
        const { fw, b } = firmwareOn([{ gpio: 14, kind: "bounce", at_us: 1000, edges: 8, spacing_us: 50 }])
        b.run(60_000)
        const x = fw.button!
        assert.deepEqual([x.presses, x.bounces, x.releases, x.pressed, x.lastPressNs], [1, 7, 1, false, 39_004_184])
        // Every edge reached the debounce DPC on core 0; the hold DPC (core 1) settled the release
        // at the first 20 ms tick after the 20 ms lock-out, and debounce took it.
        assert.deepEqual(b.trace.grep("button").filter(l => l.includes("begin")).slice(-3), [
            "1353976ns core0.0 dpc button.debounce begin batch=1",
            "40004200ns core1.0 dpc button.hold begin batch=1",
            // 4.2 us after the hold DPC asked for it: core 0 first finishes the sampler's batch the
            // tick at 40 ms completed (sampler.sample is low importance: it runs in batches).
            "40008448ns core0.0 dpc button.debounce begin batch=1",
        ])
        assert.deepEqual([x.debounce.stats.processed, x.debounce.coresMask(), x.hold.coresMask()], [9, 0b01, 0b10])
    })

    it("a press held 1.5 s is one long press", () => {
        const { fw, b } = firmwareOn([{ gpio: 14, kind: "edges", at_us: [5000, 1_500_001] }])
        b.run(1_600_000)
        const x = fw.button!
        assert.deepEqual([x.presses, x.releases, x.longPresses, x.hold.stats.runs], [1, 1, 1, 1])
    })

    it("a 1 kHz pulse train reads 1000 Hz", () => {
        const { fw, b } = firmwareOn([{ gpio: 15, kind: "periodic", period_us: 1000 }])
        b.run(1_050_000)
        const t = fw.tach!
        // tach.edge counts in batches (low importance): the last edge waits for the next one.
        assert.deepEqual([t.edges, t.edge.ring.count, t.updates, t.frequencyHz], [1049, 1, 5, 1000])
        assert.deepEqual([t.edge.coresMask(), t.rate.coresMask()], [0b01, 0b10])
    })

    it("the sampler runs on its period (every 20 ms tick) and reports the duty cycle per window of 50 samples (1 s)", () => {
        const { fw, b } = firmwareOn([{ gpio: 26, kind: "edges", at_us: [5000, 305_000] }])
        b.run(1_005_000)
        const s = fw.sampler!
        // sampler.sample is low importance: each sample waits for the kernel's next tick (1 ms on
        // the simulator; long before a batch of 10 fills), or, every 200 ms, runs at once behind
        // heartbeat.beat, which wakes their thread on core 0.
        assert.deepEqual([s.samples, s.sample.stats.runs, s.sample.stats.maxBatch, s.windows, s.dutyPct], [50, 50, 1, 1, 30])
        const starts = b.trace.grep("dpc sampler.sample begin").map(l => Number(l.split("ns")[0]))
        assert.deepEqual([...new Set(starts.map(t => t % 20_000_000))], [1_001_600, 4488], "1 ms after the tick, or with the beat")
        assert.deepEqual(starts.filter(t => t % 20_000_000 === 4488).length, 5)
    })

    it("the heartbeat blinks once a second while healthy, at 2.5 Hz after a fault (ring overflow)", () => {
        // From 1 s, 10 kHz pulses into a tach.edge made slow (10 ms a run): its 16-slot ring overflows.
        const { fw, b } = firmwareOn([{ gpio: 15, kind: "periodic", period_us: 100, start_us: 1_000_000 }], { costs: { "tach.edge": { cycles: 1_250_000 } } })
        b.run(1_450_000)
        assert.deepEqual(b.trace.grep("gpio16"), [
            "200007560ns gpio16=1", // healthy: 200 ms on at each second's first step
            "400007560ns gpio16=0",
            "1010250096ns gpio16=1", // faulty: 200 ms on, 200 ms off; the overloaded core 0 delays the beat DPC
            "1204869376ns gpio16=0",
            "1409732376ns gpio16=1",
        ])
        assert.ok(fw.tach!.edge.stats.dropped > 0)
        assert.ok(b.uart.some(l => l.startsWith("$DPC,err,fault=overflow,dpc=tach.edge,line=IO_IRQ_BANK0,source=tach,")))
    })

    it("on the single-core ESP32-C3 every DPC runs on core 0, on its one thread", () => {
        const { b, k } = firmwareOn([{ gpio: 4, kind: "bounce", at_us: 1000, edges: 3, spacing_us: 50 }, { gpio: 5, kind: "periodic", period_us: 1000 }], {}, "esp32c3")
        b.run(1_000_000)
        assert.equal(k.threads.length, 1)
        assert.equal(k.line("TG0_T0_LEVEL").core, 0)
        assert.ok(k.dpcs.every(d => d.coresMask() === 0b1 || d.stats.runs === 0))
        assert.ok(k.dpcs.filter(d => d.stats.runs > 0).length >= 6)
    })

    it("a board file without wiring: one line naming the board and what is missing", () => {
        const dir = mkdtempSync(join(tmpdir(), "dpc-board-"))
        const board = JSON.parse(readFileSync(join(ROOT, "boards", "rp2040.board.json"), "utf8"))
        delete board.wiring
        const file = join(dir, "bare.board.json")
        writeFileSync(file, JSON.stringify(board))
        assert.throws(() => firmwareOn([], { board: file }), {
            name: "InputError",
            message: "test.json: cannot set up the firmware app on bare: board bare: the board file has no 'wiring' (needs button, tach, sense, led)",
        })
    })
})
