/**
 * The method's claims on the simulated RP2040, pinned with exact traces (virtual time in ns).
 * Costs at 125 MHz (8 ns a cycle), from boards/rp2040.board.json: an edge at t is seen at
 * t + 16 (the 2-stage synchroniser); a GPIO ISR with one event is entry 15 + the bank
 * handler's dispatch 130 + its per-event 75 + the source's 100 + exit 15 cycles = 2680 ns; a
 * one-shot alarm ISR entry 15 + dispatch 60 + the source's cycles + exit 15; waking an idle
 * core's DPC thread from its own ISR 200 cycles = 1600 ns, from the other core 251 = 2008 ns;
 * switching DPC threads 200 cycles = 1600 ns; a DPC of 1000 cycles = 8000 ns.
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
            "10016ns gpio10=1",
            "10016ns gpio11=1",
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "10016ns core1 isr IO_IRQ_BANK0 begin",
            "12696ns core0 isr IO_IRQ_BANK0 end events=1",
            "12696ns core1 isr IO_IRQ_BANK0 end events=1",
            "14296ns core0.0 dpc A begin batch=1",
            "14296ns core1.0 dpc B begin batch=1",
            "22296ns core0.0 dpc A end",
            "22296ns core1.0 dpc B end",
        ])
    })

    it("threads (M4): DPCs on two threads of core 0 take turns, never at once; core 1 runs none", () => {
        // A's second rising edge (17 us) arrives while A runs: A is queued again and waits for B's turn.
        const b = simBoard(twoSources("threads", [10, 16, 17], [10]))
        b.run(60)
        assert.deepEqual(b.trace.grep("dpc"), [
            "14296ns core0.0 dpc A begin batch=1",
            "24976ns core0.0 dpc A end", // 8000 ns of work + 2680 ns of ISR that preempted it
            "26576ns core0.1 dpc B begin batch=1", // + a thread switch
            "34576ns core0.1 dpc B end",
            "36176ns core0.0 dpc A begin batch=1",
            "44176ns core0.0 dpc A end",
        ])
    })

    it("single-thread (M3): both DPCs run one after the other on the one thread of core 0", () => {
        const b = simBoard(twoSources("single-thread", [10], [10]))
        b.run(50)
        assert.deepEqual(b.trace.grep("dpc"), [
            "14296ns core0.0 dpc A begin batch=1",
            "22296ns core0.0 dpc A end",
            "22296ns core0.0 dpc B begin batch=1",
            "30296ns core0.0 dpc B end",
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
            "10016ns gpio10=1",
            "10016ns core0 isr IO_IRQ_BANK0 begin",
            "12696ns core0 isr IO_IRQ_BANK0 end events=1",
            "14296ns core0.0 dpc A begin batch=1",
            "15000ns core0 isr TIMER_IRQ_0 begin",
            "16120ns core0 isr TIMER_IRQ_0 end events=1", // 15 + 60 + 50 + 15 cycles
            "18008ns core1.0 dpc B begin batch=1", // requested at 16000, woken across cores: 2008 ns
            "18808ns core1.0 dpc B end",
            "25416ns core0.0 dpc A end", // 14296 + 10000 of work + 1120 preempted
        ])
        // The preempted run's time includes the ISR; the core's DPC time does not.
        const s = b.summary()
        assert.equal(s.dpcs[0].run_us.max, 11.12)
        assert.equal(s.cores[0].isr_us, 3.8) // 2680 + 1120 ns
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
            // Pin 10's two edges come during the bank ISRs and tail-chain onto them
            // (12576 + 2 x (48 + 2440) + 120 = 17672); then B's thread starts (1600 ns)
            "19272ns core0.0 dpc B begin batch=1",
            "35272ns core0.0 dpc B end",
            "35272ns core0.0 dpc A begin batch=2",
            "39272ns core0.0 dpc A end",
        ])
        const a = b.summary().dpcs[0]
        assert.deepEqual([a.runs, a.events, a.coalesced, a.max_batch], [1, 2, 1, 2])
        // Latency: from each edge (seen at 12.016 and 14.016 us) to the run's start.
        assert.equal(a.latency_us.max, 23.256)
    })
})
