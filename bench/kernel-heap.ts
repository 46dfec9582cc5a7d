/**
 * Steady-state heap growth of the kernel's hot path: N request + dispatch cycles after a
 * warm-up, with a full GC before and after. Needs `node --expose-gc`.
 *
 *     node --expose-gc dist/bench/kernel-heap.js [cycles]
 *
 * A cycle is what a host does per interrupt event: the line is raised, the driver's ISR
 * requests one of two DPCs, and the DPC thread dispatches it (one run, one event).
 */
import { PerformanceObserver } from "node:perf_hooks"
import { Kernel, ManualClock } from "../src/kernel"

export interface HeapResult {
    cycles: number
    /** heapUsed after minus before, both after a full GC: what the run kept. */
    heapGrowthBytes: number
    bytesPerCycle: number
    /** heapUsed growth with no GC in between: what the run allocated, kept or not (while gcs = 0). */
    rawGrowthBytes: number
    /** Garbage collections V8 ran during the measured cycles: 0 means nothing was allocated per event. */
    gcs: number
    processed: number
}

/** A two-core kernel with one driver (two DPCs) on one line; `cycle()` does one event end to end. */
export function makeHotPath() {
    const clock = new ManualClock()
    const kernel = new Kernel({ cores: 2, clock })
    let sum = 0
    const a = kernel.addDpc({ name: "a", routine: ev => (sum += ev.value(0)) })
    const b = kernel.addDpc({ name: "b", routine: ev => (sum -= ev.value(0)) })
    const line = kernel.addLine("IO_IRQ_BANK0")
    const pinA = kernel.addSource("gpio14", line)
    const pinB = kernel.addSource("gpio15", line)
    kernel.addDriver({
        name: "pins",
        lines: [line],
        dpcs: [a, b],
        isr: ctx => {
            if (ctx.status === 14) ctx.request(a, pinA, ctx.value)
            else ctx.request(b, pinB, ctx.value)
        },
    })
    kernel.start()
    const t0 = kernel.threads[0]
    const t1 = kernel.threads[1]
    let i = 0
    return {
        kernel,
        cycle(): void {
            clock.advanceNs(100)
            const odd = i & 1
            line.raise(odd, odd === 0 ? 14 : 15, i & 7)
            kernel.dispatcher.runNext(odd === 0 ? t0 : t1)
            i++
        },
        checksum: () => sum,
    }
}

export function measureHeap(cycles: number): HeapResult {
    const gc = (globalThis as any).gc as (() => void) | undefined
    if (!gc) throw new Error("run node with --expose-gc to measure heap growth")
    const hot = makeHotPath()
    for (let i = 0; i < 200_000; i++) hot.cycle() // warm-up: JIT tiers, inline caches, array shapes
    gc()
    gc()
    let gcs = 0
    const obs = new PerformanceObserver(list => (gcs += list.getEntries().length))
    obs.observe({ entryTypes: ["gc"] })
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < cycles; i++) hot.cycle()
    const raw = process.memoryUsage().heapUsed
    obs.disconnect()
    gc()
    gc()
    const after = process.memoryUsage().heapUsed
    const t = hot.kernel.totals()
    if (hot.kernel.checkInvariants() !== "") throw new Error(hot.kernel.checkInvariants())
    return {
        cycles,
        heapGrowthBytes: after - before,
        bytesPerCycle: (after - before) / cycles,
        rawGrowthBytes: raw - before,
        gcs,
        processed: t.processed,
    }
}

if (require.main === module) {
    const cycles = Number(process.argv[2] ?? 1_000_000)
    const r = measureHeap(cycles)
    console.log(
        `kernel hot path: ${r.cycles} request+dispatch cycles after warm-up: heap grew ${(r.heapGrowthBytes / 1024).toFixed(1)} KiB ` +
            `(${r.bytesPerCycle.toFixed(4)} B/cycle; limit 1024 KiB); without GC it grew ${(r.rawGrowthBytes / 1024).toFixed(1)} KiB ` +
            `with ${r.gcs} GC(s) during the run; ${r.processed} events processed in all`
    )
    process.exit(r.heapGrowthBytes < 1024 * 1024 ? 0 : 1)
}
