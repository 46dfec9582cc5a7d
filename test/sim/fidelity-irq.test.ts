/**
 * Issue 12, the interrupt, alarm and wake side of the native model against the chips, each in
 * the smallest scenario that shows it, with exact traces (ns). rp2040 at 8 ns a cycle: entry 15,
 * exit 15, tail chain 6, alarm handler 60 + 75 to re-arm, a source's own 100 by default, local
 * wake 200, cross-core wake 15 + 30 + 6 + 200. esp32 at 6.25 ns: entry 290 (1813 ns), exit 300
 * (1875 ns), same-level chain 25, alarm handler 80, local wake 600, cross-core 290 + 250 + 300 + 600.
 */
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ROOT, simBoard } from "../fixtures/sim"

const alarmAt = (atUs: number[], extra: object = {}) => ({
    sources: [{ name: "t", alarm: 0, at_us: atUs, dpc: "d" }],
    dpcs: [{ name: "d", cycles: 1000 }],
    ...extra,
})

describe("native model against the chips: interrupts, alarms, wakes (issue 12)", () => {
    it("a one-shot list whose ISR returns after the next listed time: fired at once in the same handler, counted late (at_us [10, 11] exits 0)", () => {
        const b = simBoard(alarmAt([10, 11]))
        b.run(40)
        assert.deepEqual(b.trace.lines, [
            "10000ns core0 isr TIMER_IRQ_0 begin",
            // handler 60 + 100 + 75 (re-arm) cycles ends at 12000: 11 us is past, so it goes
            // round again (100), hands over the second fire, and returns (120 exit)
            "12920ns core0 isr TIMER_IRQ_0 end events=2",
            "14520ns core0.0 dpc d begin batch=2",
            "22520ns core0.0 dpc d end",
        ])
        assert.equal(b.board.lateOn("TIMER_IRQ_0", 0), 1)
        const d = b.summary().dpcs[0]
        assert.deepEqual([d.events, d.latency_us.max], [2, 4.52]) // each stamped with its target: 10 us (4.52) and 11 us (3.52)
        // The command line: before, "internal error: armAlarm(0): delay and period must be >= 0", exit 70.
        const file = join(mkdtempSync(join(tmpdir(), "dpc-late-")), "late.json")
        writeFileSync(file, JSON.stringify({ version: 1, duration_us: 100, ...alarmAt([10, 11]) }))
        const r = spawnSync(process.execPath, [join(ROOT, "bin", "dpc-sim.js"), "run", file, "--json"], { encoding: "utf8" })
        assert.equal(r.status, 0, r.stderr)
        assert.deepEqual(JSON.parse(r.stdout).events, { raised: 2, processed: 2, dropped: 0, pending: 0 })
    })

    it("a listed time already reached when armed (0 at boot) fires at once, late", () => {
        const b = simBoard(alarmAt([0, 5]))
        b.run(20)
        assert.deepEqual(b.trace.grep("isr"), [
            "0ns core0 isr TIMER_IRQ_0 begin",
            "2120ns core0 isr TIMER_IRQ_0 end events=1",
            "5000ns core0 isr TIMER_IRQ_0 begin",
            "6520ns core0 isr TIMER_IRQ_0 end events=1",
        ])
        assert.equal(b.board.lateOn("TIMER_IRQ_0", 0), 1)
    })

    it("an alarm disarms itself when it fires; its handler re-arms it (cost 75 cycles) and catches up late fires itself", () => {
        // Period 5 us: the handler re-arms it each time; the ISR is 120 + (60 + 100 + 75) x 8 + 120.
        const b = simBoard({ sources: [{ name: "t", alarm: 0, period_us: 5, start_us: 10, dpc: "d" }], dpcs: [{ name: "d", cycles: 100 }] })
        b.run(11)
        assert.deepEqual([b.board.alarms[0].armed, b.board.alarms[0].fired], [false, false]) // fired at 10, acknowledged, not re-armed yet
        b.run(13)
        assert.deepEqual([b.board.alarms[0].armed, b.board.alarms[0].targetNs], [true, 15000])
        b.run(21)
        assert.deepEqual(b.trace.grep("isr"), [
            "10000ns core0 isr TIMER_IRQ_0 begin",
            "12120ns core0 isr TIMER_IRQ_0 end events=1",
            "15000ns core0 isr TIMER_IRQ_0 begin",
            "17120ns core0 isr TIMER_IRQ_0 end events=1",
            "20000ns core0 isr TIMER_IRQ_0 begin",
        ])
        // Period 2 us, shorter than the handler's first pass (2 us): every other target is past
        // when the handler re-arms, and it fires it in the same ISR (catch-up: pico-sdk's alarm pool).
        const fast = simBoard({ sources: [{ name: "t", alarm: 0, period_us: 2, start_us: 10, dpc: "d" }], dpcs: [{ name: "d", cycles: 100 }] })
        fast.run(19)
        assert.deepEqual(fast.trace.grep("isr"), [
            "10000ns core0 isr TIMER_IRQ_0 begin",
            "13520ns core0 isr TIMER_IRQ_0 end events=2", // 12000 past at 12000: again, 1400 ns
            "14000ns core0 isr TIMER_IRQ_0 begin",
            "17520ns core0 isr TIMER_IRQ_0 end events=2",
            "18000ns core0 isr TIMER_IRQ_0 begin",
        ])
        assert.deepEqual([fast.board.lateOn("TIMER_IRQ_0", 0), fast.board.missedOn("TIMER_IRQ_0", 0)], [2, 0])
    })

    it("ESP32: an ISR that wakes nothing pays the plain exit; the woken thread's switch is paid once, after it", () => {
        // Edge to DPC: 1813 + 1250 + 1875 + 3750 = 8688 ns (the 565-cycle exit plus a 1000-cycle
        // wake gave 12.2 us). The second edge's ISR wakes nothing (the DPC is running): exit only.
        const b = simBoard({
            board: "esp32",
            sources: [{ name: "s", gpio: 4, edge: "rising", dpc: "d" }],
            dpcs: [{ name: "d", cycles: 4000 }],
            stimulus: [{ gpio: 4, kind: "edges", at_us: [10, 20, 30] }],
        })
        b.run(80)
        assert.deepEqual(b.trace.lines, [
            "10025ns gpio4=1",
            "10025ns core0 isr GPIO_INTR begin",
            "14963ns core0 isr GPIO_INTR end events=1",
            "18713ns core0.0 dpc d begin batch=1",
            "20025ns gpio4=0",
            "30025ns gpio4=1",
            "30025ns core0 isr GPIO_INTR begin",
            "34963ns core0 isr GPIO_INTR end events=1",
            "48651ns core0.0 dpc d end", // 18713 + 25000 of work + 4938 preempted
            "48651ns core0.0 dpc d begin batch=1", // queued again while running: no wake, no switch
            "73651ns core0.0 dpc d end",
        ])
    })

    it("a cross-core wake costs more than a local one: the other core takes the RTOS's cross-core interrupt first", () => {
        // Pin 10's DPC runs on core 0 (local wake), pin 11's on core 1: both ISRs on core 0.
        const scenario = (board: string, pins: number[]) => ({
            board,
            sources: [
                { name: "a", gpio: pins[0], edge: "rising", dpc: "A" },
                { name: "b", gpio: pins[1], edge: "rising", dpc: "B" },
            ],
            dpcs: [
                { name: "A", cycles: 1000, target: { core: 0 } },
                { name: "B", cycles: 1000, target: { core: 1 } },
            ],
            stimulus: [
                { gpio: pins[0], kind: "edges", at_us: [10] },
                { gpio: pins[1], kind: "edges", at_us: [30] },
            ],
        })
        const rp = simBoard(scenario("rp2040", [10, 11]))
        rp.run(60)
        assert.deepEqual(rp.trace.grep("dpc", "begin"), [
            "14296ns core0.0 dpc A begin batch=1", // 12696 ISR return + 1600 (PendSV switch)
            "34584ns core1.0 dpc B begin batch=1", // 32576 request + 2008 (SIO FIFO IRQ 15 + 30, tail chain 6, switch 200)
        ])
        const esp = simBoard(scenario("esp32", [4, 5]))
        esp.run(60)
        assert.deepEqual(esp.trace.grep("dpc", "begin"), [
            "18713ns core0.0 dpc A begin batch=1", // 14963 ISR return + 3750
            "42088ns core1.0 dpc B begin batch=1", // 33088 request + 9000 (FROM_CPU interrupt 290 + 250 + 300, switch 600)
        ])
    })

    it("Cortex-M0+ tail-chaining: a pending ISR follows the finished one's handler without exit and entry (6 cycles)", () => {
        // rp2040: an alarm at 12 us pends during the bank ISR (10.016-12.696); it runs from the
        // bank handler's end (12.576) + 48 ns. On the esp32-c3 (RISC-V, one interrupt per entry) it waits for the exit.
        const scenario = (board: string) => ({
            board,
            sources: [
                { name: "pin", gpio: 4, edge: "rising", dpc: "d" },
                { name: "t", alarm: 0, at_us: [12], dpc: "d" },
            ],
            dpcs: [{ name: "d", cycles: 100 }],
            stimulus: [{ gpio: 4, kind: "edges", at_us: [10] }],
        })
        const rp = simBoard(scenario("rp2040"))
        rp.run(30)
        assert.deepEqual(rp.trace.grep("isr"), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12576ns core0 isr IO_IRQ_BANK0 end events=1",
            "12576ns core0 isr TIMER_IRQ_0 begin",
            "14024ns core0 isr TIMER_IRQ_0 end events=1", // 48 + (60 + 100) x 8 + 120
        ])
        assert.equal(rp.board.cores[0].tailChains, 1)
        const c3 = simBoard(scenario("esp32c3"))
        c3.run(30)
        assert.deepEqual(c3.trace.grep("isr"), [
            "10025ns core0 isr GPIO_INTR begin",
            "13151ns core0 isr GPIO_INTR end events=1", // 938 entry + 1250 + 938 exit
            "13151ns core0 isr TG0_T0_LEVEL begin", // a full entry again: 938 + (80 + 100) x 6.25 + 938
            "16152ns core0 isr TG0_T0_LEVEL end events=1",
        ])
    })

    it("Cortex-M0+ late arrival: a more urgent interrupt during another's entry takes the entry over; the first is chained after it", () => {
        // The bank interrupt is taken at 9.968 (entry until 10.088); the urgent alarm fires at 10:
        // its handler starts at 10.088, ends at 11.368; the bank handler follows, chained (48 ns).
        const b = simBoard({
            priorities: { TIMER_IRQ_0: 0 },
            sources: [
                { name: "pin", gpio: 4, edge: "rising", dpc: "d" },
                { name: "urgent", alarm: 0, at_us: [10], dpc: "d" },
            ],
            dpcs: [{ name: "d", cycles: 100 }],
            stimulus: [{ gpio: 4, kind: "edges", at_us: [9.95] }],
        })
        b.run(30)
        assert.deepEqual(b.trace.grep("isr"), [
            "9968ns core0 isr IO_IRQ_BANK0 begin",
            "10000ns core0 isr TIMER_IRQ_0 begin",
            "11368ns core0 isr TIMER_IRQ_0 end events=1", // 88 left of the entry + (60 + 100) x 8
            "13976ns core0 isr IO_IRQ_BANK0 end events=1", // 48 + 2440 + 120 exit (nesting would end at 14168)
        ])
        assert.deepEqual([b.board.cores[0].lateArrivals, b.board.cores[0].tailChains], [1, 1])
    })

    it("ESP32: equal-priority ties go to the higher CPU interrupt number, as esp_intr_alloc handed them out; the same level chains", () => {
        // Alarm 0 is watched first (CPU interrupt 8 on core 0), alarm 1 second (9): at the same
        // instant alarm 1 runs first (the most significant pending bit); on rp2040 the lower IRQ
        // number, TIMER_IRQ_0, does.
        const scenario = (board: string) => ({
            board,
            sources: [
                { name: "first", alarm: 0, at_us: [10], dpc: "d" },
                { name: "second", alarm: 1, at_us: [10], dpc: "d" },
            ],
            dpcs: [{ name: "d", cycles: 100 }],
        })
        const esp = simBoard(scenario("esp32"))
        esp.run(30)
        assert.deepEqual([esp.board.controllers[0].numberOf(1), esp.board.controllers[0].numberOf(2)], [8, 9])
        assert.deepEqual(esp.trace.grep("isr"), [
            "10000ns core0 isr TG0_T1_LEVEL begin",
            "12938ns core0 isr TG0_T1_LEVEL end events=1", // 1813 + (80 + 100) x 6.25
            "12938ns core0 isr TG0_T0_LEVEL begin", // the dispatch loop: 25 cycles, no exit and entry
            "16095ns core0 isr TG0_T0_LEVEL end events=1",
        ])
        const rp = simBoard(scenario("rp2040"))
        rp.run(30)
        assert.deepEqual(rp.trace.grep("isr", "begin"), ["10000ns core0 isr TIMER_IRQ_0 begin", "11400ns core0 isr TIMER_IRQ_1 begin"])
    })
})
