/**
 * The method's claims on the simulated RP2040, pinned with exact traces (virtual time in ns).
 * Costs at 125 MHz (8 ns a cycle): ISR entry + exit 30 cycles + 100 identification = 1040 ns;
 * waking an idle core's DPC thread 300 cycles = 2400 ns; switching DPC threads 200 cycles =
 * 1600 ns; a DPC of 1000 cycles = 8000 ns.
 */
import assert from "node:assert/strict"
import { simBoard } from "../fixtures/sim"

/** Two pins, each with its own DPC; pin 11's interrupt goes to core 1. */
function twoSources(policy: string, edgesA: number[], edgesB: number[]) {
    return {
        policy,
        sources: [
            { name: "a", gpio: 10, edge: "rising", isr_cycles: 100, dpc: "A" },
            { name: "b", gpio: 11, edge: "rising", isr_cycles: 100, core: 1, dpc: "B" },
        ],
        dpcs: [
            { name: "A", cycles: 1000 },
            { name: "B", cycles: 1000 },
        ],
        stimulus: [
            { gpio: 10, kind: "edges", at_us: edgesA },
            { gpio: 11, kind: "edges", at_us: edgesB },
        ],
    }
}

describe("simulator: the method's claims, exact traces", () => {
    it("cores (M5): two DPCs run at the same simulated time on core 0 and core 1", () => {
        const b = simBoard(twoSources("cores", [10], [10]))
        b.run(50)
        assert.deepEqual(b.trace.lines, [
            "10000ns gpio10=1",
            "10000ns gpio11=1",
            "10000ns core0 isr IO_IRQ_BANK0 begin",
            "10000ns core1 isr IO_IRQ_BANK0 begin",
            "11040ns core0 isr IO_IRQ_BANK0 end events=1",
            "11040ns core1 isr IO_IRQ_BANK0 end events=1",
            "13440ns core0.0 dpc A begin batch=1",
            "13440ns core1.0 dpc B begin batch=1",
            "21440ns core0.0 dpc A end",
            "21440ns core1.0 dpc B end",
        ])
    })

    it("threads (M4): DPCs on two threads of core 0 take turns, never at once; core 1 runs none", () => {
        // A's second rising edge (17 us) arrives while A runs: A is queued again and waits for B's turn.
        const b = simBoard(twoSources("threads", [10, 16, 17], [10]))
        b.run(60)
        assert.deepEqual(b.trace.grep("dpc"), [
            "13440ns core0.0 dpc A begin batch=1",
            "22480ns core0.0 dpc A end", // 8000 ns of work + 1040 ns of ISR that preempted it
            "24080ns core0.1 dpc B begin batch=1", // + a thread switch
            "32080ns core0.1 dpc B end",
            "33680ns core0.0 dpc A begin batch=1",
            "41680ns core0.0 dpc A end",
        ])
    })

    it("single-thread (M3): both DPCs run one after the other on the one thread of core 0", () => {
        const b = simBoard(twoSources("single-thread", [10], [10]))
        b.run(50)
        assert.deepEqual(b.trace.grep("dpc"), [
            "13440ns core0.0 dpc A begin batch=1",
            "21440ns core0.0 dpc A end",
            "21440ns core0.0 dpc B begin batch=1",
            "29440ns core0.0 dpc B end",
        ])
    })

    it("an ISR preempts the DPC running on its core, which finishes that much later", () => {
        const b = simBoard({
            policy: "cores",
            sources: [
                { name: "a", gpio: 10, edge: "rising", isr_cycles: 100, dpc: "A" },
                { name: "t", alarm: 0, at_us: [15], isr_cycles: 50, dpc: "B" },
            ],
            dpcs: [
                { name: "A", cycles: 1250 },
                { name: "B", cycles: 100 },
            ],
            stimulus: [{ gpio: 10, kind: "edges", at_us: [10] }],
        })
        b.run(40)
        assert.deepEqual(b.trace.lines, [
            "10000ns gpio10=1",
            "10000ns core0 isr IO_IRQ_BANK0 begin",
            "11040ns core0 isr IO_IRQ_BANK0 end events=1",
            "13440ns core0.0 dpc A begin batch=1",
            "15000ns core0 isr TIMER_IRQ_0 begin",
            "15640ns core0 isr TIMER_IRQ_0 end events=1",
            "18040ns core1.0 dpc B begin batch=1",
            "18840ns core1.0 dpc B end",
            "24080ns core0.0 dpc A end", // 13440 + 10000 of work + 640 preempted
        ])
        // The preempted run's time includes the ISR; the core's DPC time does not.
        const s = b.summary()
        assert.equal(s.dpcs[0].run_us.max, 10.64)
        assert.equal(s.cores[0].isr_us, 1.68) // 1040 + 640 ns
    })

    it("a queued DPC absorbs a later event (M7): one run with both events", () => {
        const b = simBoard({
            policy: "cores",
            sources: [
                { name: "a", gpio: 10, edge: "both", isr_cycles: 100, dpc: "A" },
                { name: "b", gpio: 11, edge: "rising", isr_cycles: 100, dpc: "B" },
            ],
            dpcs: [
                { name: "A", cycles: 500, target: { core: 0 } },
                { name: "B", cycles: 2000, target: { core: 0 } },
            ],
            stimulus: [
                { gpio: 11, kind: "edges", at_us: [10] },
                { gpio: 10, kind: "edges", at_us: [12, 14] },
            ],
        })
        b.run(60)
        assert.deepEqual(b.trace.grep("dpc"), [
            // B's thread start is preempted by the two ISRs of pin 10 (2 x 1040 ns)
            "15520ns core0.0 dpc B begin batch=1",
            "31520ns core0.0 dpc B end",
            "31520ns core0.0 dpc A begin batch=2",
            "35520ns core0.0 dpc A end",
        ])
        const a = b.summary().dpcs[0]
        assert.deepEqual([a.runs, a.events, a.coalesced, a.max_batch], [1, 2, 1, 2])
        // Latency: from each edge (12 and 14 us) to the run's start.
        assert.equal(a.latency_us.max, 19.52)
    })
})
