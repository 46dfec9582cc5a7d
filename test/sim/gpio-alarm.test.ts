/** The hardware model's rules, each in the smallest scenario that shows it. */
import assert from "node:assert/strict"
import { simBoard } from "../fixtures/sim"

const one = (src: object, stimulus: object[], dpc: object = {}) => ({
    sources: [{ name: "s", dpc: "d", isr_cycles: 100, ...src }],
    dpcs: [{ name: "d", cycles: 1000, ...dpc }],
    stimulus,
})

describe("simulator: GPIO, alarms and interrupt priorities", () => {
    it("an edge that comes while its latch is still set is merged by the hardware and counted as missed", () => {
        // Falls at 10, 10.3, 10.6 and 11.2 us (seen 16 ns later). The ISR taken at 10.016
        // acknowledges the latch it read 15 + 90 cycles in (10.856): the falls at 10.3 and 10.6
        // merge into it (missed); the one at 11.2 sets it again while the ISR runs, a new
        // event, taken by a tail chain when the first ISR's handler ends (12.576).
        const b = simBoard(one({ gpio: 4, edge: "falling" }, [{ gpio: 4, kind: "edges", at_us: [10, 10.15, 10.3, 10.45, 10.6, 11, 11.2] }]))
        b.run(40)
        assert.deepEqual(b.trace.grep("isr"), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12576ns core0 isr IO_IRQ_BANK0 end events=1",
            "12576ns core0 isr IO_IRQ_BANK0 begin",
            "15184ns core0 isr IO_IRQ_BANK0 end events=1",
        ])
        const s = b.summary()
        assert.equal(s.events.raised, 2)
        assert.deepEqual(s.lines[0], { name: "IO_IRQ_BANK0", core: 0, count: 2, dropped: 0, missed: 2 })
    })

    it("both edges of a pin latch separately and reach the ISR in the order they happened", () => {
        const b = simBoard(one({ gpio: 4, edge: "both", isr_cycles: 1000 }, [{ gpio: 4, kind: "edges", at_us: [10, 10.5, 11] }]))
        b.run(60)
        // ISR 1 (10.016 us) sees the rise; the fall (10.5) and the next rise (11, after the rise
        // latch's acknowledge at 10.856) wait; ISR 2, tail-chained, sees both, fall first.
        assert.deepEqual(b.trace.grep("isr", "end"), ["19776ns core0 isr IO_IRQ_BANK0 end events=1", "38184ns core0 isr IO_IRQ_BANK0 end events=2"])
        assert.equal(b.board.kernel.dpcs[0].stats.processed + b.board.kernel.dpcs[0].ring.count, 3)
    })

    it("a level-triggered pin is masked by its ISR and re-armed when its DPC runs", () => {
        // Held low from 10 to 40 us: one event per DPC run while it stays low.
        const b = simBoard(one({ gpio: 4, edge: "low" }, [{ gpio: 4, kind: "edges", at_us: [10, 40] }]))
        b.run(60)
        assert.deepEqual(b.trace.grep("core0").slice(0, 8), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12696ns core0 isr IO_IRQ_BANK0 end events=1",
            "14296ns core0.0 dpc d begin batch=1",
            "14296ns core0 isr IO_IRQ_BANK0 begin", // re-armed at the run's start, still low
            "16976ns core0 isr IO_IRQ_BANK0 end events=1",
            "24976ns core0.0 dpc d end",
            "24976ns core0.0 dpc d begin batch=1",
            "24976ns core0 isr IO_IRQ_BANK0 begin",
        ])
    })

    it("a periodic alarm fires on its period with no drift; a one-shot list fires at its times", () => {
        const b = simBoard({
            policy: "cores",
            sources: [
                { name: "p", alarm: 0, period_us: 250, dpc: "d" },
                { name: "o", alarm: 1, at_us: [100, 333.3], dpc: "e" },
            ],
            dpcs: [
                { name: "d", cycles: 100 },
                { name: "e", cycles: 100 },
            ],
        })
        b.run(1000)
        assert.deepEqual(b.trace.grep("isr", "begin"), [
            "100000ns core0 isr TIMER_IRQ_1 begin",
            "250000ns core0 isr TIMER_IRQ_0 begin",
            "334000ns core0 isr TIMER_IRQ_1 begin", // 333.3 us rounded up to the 1 us timer
            "500000ns core0 isr TIMER_IRQ_0 begin",
            "750000ns core0 isr TIMER_IRQ_0 begin",
            "1000000ns core0 isr TIMER_IRQ_0 begin",
        ])
    })

    it("a more urgent interrupt nests inside a less urgent ISR; an equal one waits", () => {
        const b = simBoard({
            policy: "cores",
            priorities: { TIMER_IRQ_0: 0, IO_IRQ_BANK0: 2, TIMER_IRQ_1: 2 },
            sources: [
                { name: "pin", gpio: 4, edge: "rising", isr_cycles: 1000, dpc: "d" },
                { name: "urgent", alarm: 0, at_us: [12], isr_cycles: 50, dpc: "d" },
                { name: "same", alarm: 1, at_us: [13], isr_cycles: 50, dpc: "d" },
            ],
            dpcs: [{ name: "d", cycles: 100 }],
            stimulus: [{ gpio: 4, kind: "edges", at_us: [10] }],
        })
        b.run(40)
        assert.deepEqual(b.trace.grep("isr"), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12000ns core0 isr TIMER_IRQ_0 begin",
            "13120ns core0 isr TIMER_IRQ_0 end events=1", // 15 + 60 + 50 + 15 cycles
            "20896ns core0 isr IO_IRQ_BANK0 end events=1", // its handler's end (1120 ns later): TIMER_IRQ_1 tail-chains
            "20896ns core0 isr TIMER_IRQ_1 begin",
            "21944ns core0 isr TIMER_IRQ_1 end events=1", // 6-cycle chain + 60 + 50 + 15 exit
        ])
    })

    it("on ESP32 boards every GPIO interrupt goes to one core (interrupt matrix); on RP2040 each pin may choose", () => {
        const src = (gpio: number, core: number) => ({ name: `p${gpio}`, gpio, edge: "rising", core, dpc: "d" })
        assert.throws(
            () => simBoard({ board: "esp32", sources: [src(4, 0), src(5, 1)], dpcs: [{ name: "d", cycles: 10 }] }),
            /test.json: sources\[1\]\.core: on esp32 the GPIO interrupt goes to one core through the interrupt matrix/
        )
        const b = simBoard({ board: "rp2040", sources: [src(4, 0), src(5, 1)], dpcs: [{ name: "d", cycles: 10 }], stimulus: [{ gpio: 5, kind: "edges", at_us: [1] }] })
        b.run(10)
        assert.deepEqual(b.trace.grep("isr", "begin"), ["1016ns core1 isr IO_IRQ_BANK0 begin"])
    })
})
