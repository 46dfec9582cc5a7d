/**
 * The kernel's hot paths, set up as the DeviceScript port sets up its kernel (ds.millis() in ns
 * as the clock, checks and run timing off, histograms of 1 sub-bucket bit in ms units): two cores (policy `cores`), one
 * line with one source, a driver whose ISR requests DPC `a`, DPC routines that do nothing (only
 * the kernel's own opcodes count), the line and the dispatcher held in variables and events
 * raised with a stamp read beforehand, as the port's pin scan does. Each probe first runs a few events through, so that it measures the steady state
 * (a histogram's first sample computes its bucket; later ones in the same bucket do not).
 */
import * as ds from "@devicescript/core"
import { Dispatcher, DpcThread, InterruptLine, Kernel } from "../../../../src/kernel/index"
import { Probe } from "../harness"

let line: InterruptLine = null
let dispatcher: Dispatcher = null
let thread: DpcThread = null
/** The events' stamp: the port's pin scan reads the clock once per scan and raises with it. */
let stamp = 0

/** A fresh kernel (set-up, not counted). */
async function freshKernel() {
    const kernel = new Kernel({ cores: 2, clock: { nowNs: () => ds.millis() * 1000000 }, checks: false, timeRuns: false, histogramSubBits: 1, histogramUnitNs: 1000000 })
    const a = kernel.addDpc({ name: "a", routine: () => {} })
    const b = kernel.addDpc({ name: "b", routine: () => {} })
    line = kernel.addLine("IO_IRQ_BANK0")
    const src = kernel.addSource("gpio14", line)
    kernel.addDriver({ name: "d", lines: [line], dpcs: [a, b], isr: ctx => ctx.request(a, src, ctx.value) })
    kernel.start()
    dispatcher = kernel.dispatcher
    thread = kernel.threads[a.index % kernel.threads.length]
}

/**
 * Three rounds of two events and their runs. Every probe starts with it, in the measured slice
 * itself: within a slice ds.millis() does not move, so every latency and run time is 0 and the
 * count does not depend on how fast the machine runs the VM; after it, the histograms' cached
 * buckets are warm, as in the steady state.
 */
function warmUp(): void {
    stamp = ds.millis() * 1000000
    for (let i = 0; i < 3; i++) {
        line.raiseAt(0, 14, 1, stamp)
        line.raiseAt(0, 14, 1, stamp)
        dispatcher.runNext(thread)
        dispatcher.runNext(thread)
    }
}

/** The warm-up alone: the baseline of the other kernel probes. */
export function warm(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
        },
    }
}

/** Warm-up, then an interrupt whose ISR requests an idle DPC (the request queues it and wakes its thread). */
export function isrIdle(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            line.raiseAt(0, 14, 1, stamp)
        },
    }
}

/** Warm-up, then two interrupts: the second one's request finds the DPC queued (its event joins the batch). */
export function isrCoalesce(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            line.raiseAt(0, 14, 1, stamp)
            line.raiseAt(0, 14, 1, stamp)
        },
    }
}

/** Warm-up, an interrupt, and the DPC run of its one event. */
export function runBatch1(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            line.raiseAt(0, 14, 1, stamp)
            dispatcher.runNext(thread)
        },
    }
}

/** Warm-up, eight interrupts, and the one DPC run of their eight events. */
export function runBatch8(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            for (let i = 0; i < 8; i++) line.raiseAt(0, 14, 1, stamp)
            dispatcher.runNext(thread)
        },
    }
}

/** Warm-up, then runNext on the thread with its queue empty. */
export function dispatchEmpty(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            dispatcher.runNext(thread)
        },
    }
}

/** Eight interrupts alone (no run), to price the loop of runBatch8. */
export function isr8(): Probe {
    return {
        setup: freshKernel,
        body: () => {
            warmUp()
            for (let i = 0; i < 8; i++) line.raiseAt(0, 14, 1, stamp)
        },
    }
}
