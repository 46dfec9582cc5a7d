/**
 * The diagnostics records (SPEC 3.4) of a kernel with a few events behind it, as the port's
 * printer formats them (with its word checksum; not counting the print itself).
 */
import * as ds from "@devicescript/core"
import { Dpc, Kernel, bootRecord, checksumOf, coreRecord, dpcRecord, eventsRecord, faultsRecord, latRecord, lineRecords, useChecksum } from "../../../../src/kernel/index"
import { wordChecksum } from "../../../../src/port/word-checksum"
import { Probe } from "../harness"

let kernel: Kernel = null
let dpc: Dpc = null

async function withKernel() {
    kernel = new Kernel({ cores: 2, clock: { nowNs: () => ds.millis() * 1000000 }, checks: false, timeRuns: false, histogramSubBits: 1, histogramUnitNs: 1000000 })
    dpc = kernel.addDpc({ name: "button.debounce", routine: () => {} })
    const b = kernel.addDpc({ name: "button.hold", routine: () => {} })
    const line = kernel.addLine("IO_IRQ_BANK0")
    const src = kernel.addSource("button", line)
    kernel.addDriver({ name: "d", lines: [line], dpcs: [dpc, b], isr: ctx => ctx.request(dpc, src, ctx.value) })
    kernel.start()
    useChecksum(wordChecksum)
    for (let i = 0; i < 20; i++) {
        line.raise(0, 14, 1)
        if (i % 3 === 0) kernel.dispatcher.runNext(kernel.threads[0])
        await ds.sleep(0)
    }
}

/** One `dpc` record. */
export function dpcRec(): Probe {
    return { setup: withKernel, body: () => { dpcRecord(kernel, dpc) } }
}

/** One `lat` record: two percentiles of the latency histogram. */
export function latRec(): Probe {
    return { setup: withKernel, body: () => { latRecord(dpc) } }
}

/** One `faults` record. */
export function faultsRec(): Probe {
    return { setup: withKernel, body: () => { faultsRecord(dpc) } }
}

/** The `line` records. */
export function lineRecs(): Probe {
    return { setup: withKernel, body: () => { lineRecords(kernel) } }
}

/** One `core` record. */
export function coreRec(): Probe {
    return { setup: withKernel, body: () => { coreRecord(kernel, 0, 5000000000) } }
}

/** The `events` record. */
export function eventsRec(): Probe {
    return { setup: withKernel, body: () => { eventsRecord(kernel) } }
}

/** The `boot` record. */
export function bootRec(): Probe {
    return { setup: withKernel, body: () => { bootRecord(kernel, "rp2040") } }
}

/** One `dpc` record with the kernel's portable checksum (a character at a time), for comparison. */
export function dpcRecPortable(): Probe {
    return {
        setup: async () => {
            await withKernel()
            useChecksum(checksumOf)
        },
        body: () => {
            dpcRecord(kernel, dpc)
        },
    }
}
