import * as ds from "@devicescript/core"
import { Clock, Fault, Kernel, bootRecord, coreRecord, dpcRecord, eventsRecord, faultRecord, lineRecords } from "../kernel/index"

/** Most `err` records waiting to be printed; further faults are counted in `errDropped`. */
export const MAX_PENDING_ERRORS = 8
/** Longest error message an `err` record carries. */
export const MAX_MESSAGE = 100

/**
 * Prints the diagnostics records (SPEC 3.4) on the console: `boot` once, the periodic report
 * (lines, DPCs, cores, events) every `periodMs`, and an `err` record for every fault. One fiber
 * prints them one record per slice (`ds.sleep(0)` between records: a record costs thousands of
 * opcodes and the VM allows 128 K per slice). A fault is formatted when it happens (the kernel
 * reuses its Fault object) and printed by the fiber soon after.
 */
export class DiagnosticsPrinter {
    private pending: string[] = []
    /** Faults not printed because MAX_PENDING_ERRORS were already waiting. */
    errDropped = 0
    printed = 0
    reports = 0
    private fiber: ds.Fiber = null
    private startNs = 0

    constructor(
        private kernel: Kernel,
        private board: string,
        private out: (line: string) => void,
        readonly periodMs: number,
        private clock: Clock
    ) {}

    private emit(line: string): void {
        this.out(line)
        this.printed++
    }

    boot(): void {
        this.startNs = this.clock.nowNs()
        this.emit(bootRecord(this.kernel, this.board))
    }

    /**
     * The kernel's onFault: formats the record now and wakes the printer. A long error message is
     * cut to MAX_MESSAGE characters so the line fits the runtime's 300-byte log line.
     */
    fault(f: Fault): void {
        if (this.pending.length >= MAX_PENDING_ERRORS) {
            this.errDropped++
            return
        }
        const message = f.message
        if (message.length > MAX_MESSAGE) f.message = message.slice(0, MAX_MESSAGE) + "..."
        this.pending.push(faultRecord(f))
        f.message = message
        if (this.fiber !== null && this.fiber.suspended) this.fiber.resume(null)
    }

    /** Prints the waiting `err` records, yielding between them. */
    async flushErrors() {
        while (this.pending.length > 0) {
            this.emit(this.pending.shift())
            await ds.sleep(0)
        }
    }

    /** Prints one periodic report, one record per slice. */
    async report() {
        const k = this.kernel
        const lines = lineRecords(k)
        await ds.sleep(0)
        for (let i = 0; i < lines.length; i++) this.emit(lines[i])
        for (let i = 0; i < k.dpcs.length; i++) {
            await ds.sleep(0)
            this.emit(dpcRecord(k, k.dpcs[i]))
        }
        const elapsedNs = this.clock.nowNs() - this.startNs
        for (let c = 0; c < k.cores; c++) {
            await ds.sleep(0)
            this.emit(coreRecord(k, c, elapsedNs))
        }
        await ds.sleep(0)
        this.emit(eventsRecord(k))
        this.reports++
    }

    stop(): void {
        if (this.fiber !== null) this.fiber.terminate()
        this.fiber = null
    }

    /** Starts the printer fiber (periodMs 0: errors only; tests call report() themselves). */
    start(): void {
        if (this.fiber === null) this.fiber = printLoop.start(this)
    }
}

async function printLoop(p: DiagnosticsPrinter) {
    let nextMs = ds.millis() + p.periodMs
    while (true) {
        await p.flushErrors()
        if (p.periodMs > 0) {
            const wait = nextMs - ds.millis()
            if (wait > 0) await ds.suspend(wait)
            await p.flushErrors()
            if (ds.millis() >= nextMs) {
                await p.report()
                nextMs += p.periodMs
                if (nextMs <= ds.millis()) nextMs = ds.millis() + p.periodMs
            }
        } else await ds.suspend()
    }
}
