/**
 * Issue 12, the GPIO side of the native model against the chips, each in the smallest scenario
 * that shows it, with exact traces (ns). Costs are the board files': rp2040 at 8 ns a cycle
 * (entry 15, bank handler 130 + 75 per event, exit 15, acknowledge 90 cycles into the handler,
 * synchroniser 2 x 8 ns); esp32 at 6.25 ns (entry 290, handler 60 + 40 per event, exit 300,
 * acknowledge 40 cycles in, synchroniser 2 x 12.5 ns on the 80 MHz APB clock).
 */
import assert from "node:assert/strict"
import { EventBatch, Kernel } from "../../src/kernel"
import { App, Edge, Hal } from "../../src/hal/hal"
import { simBoard } from "../fixtures/sim"

const one = (board: string, edge: string, stimulus: object[]) => ({
    board,
    sources: [{ name: "s", gpio: 4, edge, isr_cycles: 100, dpc: "d" }],
    dpcs: [{ name: "d", cycles: 1000 }],
    stimulus,
})

/** An app watching one pin, whose DPC records each event's value and stamp. */
function recordingApp(pin: number, edge: Edge): App & { seen: string[] } {
    const seen: string[] = []
    return {
        name: "recorder",
        seen,
        costs: { d: { cycles: 100, cyclesPerEvent: 0 } },
        setup(kernel: Kernel, hal: Hal) {
            const d = kernel.addDpc({
                name: "d",
                routine: (ev: EventBatch) => {
                    for (let i = 0; i < ev.count; i++) seen.push(`value=${ev.value(i)} stamp=${ev.stampNs(i)}`)
                },
            })
            const src = kernel.addSource("s", hal.gpioLine)
            hal.watchPin(pin, edge, "down")
            hal.gpioLine.attach(ctx => {
                if (ctx.status === pin) ctx.request(d, src, ctx.value)
            })
        },
    }
}

/** A board running `app` on `board` with `stimulus` (app "firmware": the scenario brings no sources of its own). */
function withApp(board: string, app: App, stimulus: object[]) {
    return simBoard({ app: "firmware", board, stimulus }, {}, app)
}

describe("native model against the chips: GPIO (issue 12)", () => {
    it("ESP32 family: one status bit per pin: a 0.5 us pulse on an any-edge pin is one event, its value the level the ISR reads", () => {
        const pulse = [{ gpio: 4, kind: "periodic", period_us: 100, width_us: 0.5, start_us: 10, count: 1 }]
        const espApp = recordingApp(4, "both")
        const esp = withApp("esp32", espApp, pulse)
        esp.run(60)
        assert.deepEqual(esp.trace.grep("isr"), [
            "10025ns core0 isr GPIO_INTR begin", // the rise at 10000 is seen 2 APB periods after the next APB edge
            "14963ns core0 isr GPIO_INTR end events=1", // 1813 entry + (60 + 40 + 100) x 6.25 + 1875 exit
        ])
        assert.deepEqual(esp.summary().lines[0], { name: "GPIO_INTR", core: 0, count: 1, dropped: 0, missed: 1 })
        assert.deepEqual(espApp.seen, ["value=0 stamp=10025"]) // the fall (10.525) merged; the pin reads low
        // rp2040 latches the rise and the fall separately: two events, the fall's ISR tail-chained.
        const rpApp = recordingApp(4, "both")
        const rp = withApp("rp2040", rpApp, pulse)
        rp.run(60)
        assert.deepEqual(rp.trace.grep("isr"), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12576ns core0 isr IO_IRQ_BANK0 end events=1",
            "12576ns core0 isr IO_IRQ_BANK0 begin",
            "15184ns core0 isr IO_IRQ_BANK0 end events=1",
        ])
        assert.deepEqual(rpApp.seen, ["value=1 stamp=10016", "value=0 stamp=10520"])
    })

    it("a latch clears when the handler acknowledges it: edges during the entry and the handler's scan merge (0.84 us on rp2040, 2.06 us on esp32)", () => {
        // Falls 1 us apart: on rp2040 the second comes after the acknowledge (10.016 + 0.84) and
        // is an event of its own; on esp32 it comes before (10.025 + 1.813 + 0.25) and merges.
        const falls = [{ gpio: 4, kind: "edges", at_us: [10, 10.5, 11, 11.5] }]
        const rp = simBoard(one("rp2040", "falling", falls))
        rp.run(40)
        assert.deepEqual(rp.trace.grep("isr"), [
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12576ns core0 isr IO_IRQ_BANK0 end events=1",
            "12576ns core0 isr IO_IRQ_BANK0 begin",
            "15184ns core0 isr IO_IRQ_BANK0 end events=1",
        ])
        assert.equal(rp.summary().lines[0].missed, 0)
        const esp = simBoard(one("esp32", "falling", falls))
        esp.run(40)
        assert.deepEqual(esp.trace.grep("isr"), ["10025ns core0 isr GPIO_INTR begin", "14963ns core0 isr GPIO_INTR end events=1"])
        assert.deepEqual(esp.summary().lines[0], { name: "GPIO_INTR", core: 0, count: 1, dropped: 0, missed: 1 })
    })

    it("the bank handler costs a fixed dispatch per interrupt plus a term per event (rp2040: 130 + 75 per pin, on top of the source's)", () => {
        // Three pins rising at once: one ISR, the dispatch paid once:
        // 120 + (130 + 3 x (75 + 100)) x 8 + 120 = 5480 ns, against 2680 for one pin.
        const b = simBoard({
            sources: [4, 5, 6].map(gpio => ({ name: `p${gpio}`, gpio, edge: "rising", isr_cycles: 100, dpc: "d" })),
            dpcs: [{ name: "d", cycles: 1000 }],
            stimulus: [4, 5, 6].map(gpio => ({ gpio, kind: "edges", at_us: [10] })),
        })
        b.run(40)
        assert.deepEqual(b.trace.grep("isr"), ["10016ns core0 isr IO_IRQ_BANK0 begin", "15496ns core0 isr IO_IRQ_BANK0 end events=3"])
        const single = simBoard(one("rp2040", "rising", [{ gpio: 4, kind: "edges", at_us: [10] }]))
        single.run(40)
        assert.deepEqual(single.trace.grep("isr"), ["10016ns core0 isr IO_IRQ_BANK0 begin", "12696ns core0 isr IO_IRQ_BANK0 end events=1"])
    })

    it("the input synchroniser: a pulse that spans no sampling edge is not seen (rp2040 samples every 8 ns, esp32 every 12.5 ns)", () => {
        // A 1 ns pulse (10001-10002) spans no clk_sys edge; a 10 ns one (20001-20011) spans 20008
        // on rp2040 but no APB edge on esp32 (20000, 20012.5).
        const pulses = [{ gpio: 4, kind: "edges", at_us: [10.001, 10.002, 20.001, 20.011] }]
        const rp = simBoard(one("rp2040", "rising", pulses))
        rp.run(40)
        assert.deepEqual(rp.trace.lines.slice(0, 5), [
            "10024ns gpio4=1", // both edges seen at the same instant: a glitch no sample saw
            "10024ns gpio4=0",
            "20024ns gpio4=1",
            "20024ns core0 isr IO_IRQ_BANK0 begin",
            "20032ns gpio4=0",
        ])
        assert.equal(rp.summary().events.raised, 1)
        const esp = simBoard(one("esp32", "rising", pulses))
        esp.run(40)
        assert.deepEqual(esp.trace.lines, ["10038ns gpio4=1", "10038ns gpio4=0", "20038ns gpio4=1", "20038ns gpio4=0"])
        assert.deepEqual([esp.summary().events.raised, esp.summary().lines[0].missed], [0, 0])
    })
})
