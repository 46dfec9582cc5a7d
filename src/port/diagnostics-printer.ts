import * as ds from "@devicescript/core"
import { Clock, Fault, Kernel, RECORDS_PER_DPC, bootRecord, coreRecord, dpcReportRecord, eventsRecord, faultRecord, lineRecords } from "../kernel/index"

/** Most `err` records waiting to be printed; further faults are counted in `errDropped`. */
export const MAX_PENDING_ERRORS = 8

/** Steps of a report: the line records, then each DPC's, each core's, and the totals. */
const STEP_IDLE = -1
const STEP_LINES = 0

/**
 * Prints the diagnostics records (SPEC 3.4) on the console: `boot` once, the periodic report
 * (lines, DPCs, cores, events) every `periodMs`, and an `err` record for every fault.
 *
 * One fiber prints, one record per slice, and sleeps 1 ms after each (a real sleep): the
 * runtime sends its log only from its main loop, 128 bytes a pass, and a pass happens only when
 * no fiber is due, so records printed back to back would pile up in the log's buffer while a
 * busy VM gives the main loop no turn. The firmware's report of 29 records takes about 29 ms. A fault is
 * formatted when it happens (the kernel reuses its Fault object) and printed soon after.
 * The fiber's slice is `step()`.
 */
export class DiagnosticsPrinter {
    private pending: string[] = []
    /** Faults not printed because MAX_PENDING_ERRORS were already waiting. */
    errDropped = 0
    printed = 0
    reports = 0
    private fiber: ds.Fiber = null
    private startNs = 0
    private nextMs = 0
    /** Where the report being printed is: STEP_IDLE, STEP_LINES, then 1 + the DPC records' index, the cores, the totals. */
    private stepAt = STEP_IDLE
    private lines: string[] = []

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
        this.nextMs = Math.floor(this.startNs / 1000000) + this.periodMs
        this.emit(bootRecord(this.kernel, this.board))
    }

    /** The kernel's onFault: formats the record now (the kernel reuses its Fault) and wakes the printer. */
    fault(f: Fault): void {
        if (this.pending.length >= MAX_PENDING_ERRORS) {
            this.errDropped++
            return
        }
        this.pending.push(faultRecord(f))
        if (this.fiber !== null && this.fiber.suspended) this.fiber.resume(null)
    }

    /**
     * The printer's slice: prints one record (a waiting `err` first, else the report's next)
     * and returns how long to sleep: 1 ms while records are left, else until the next report
     * (-1: none; errors wake the printer).
     */
    step(): number {
        if (this.pending.length > 0) {
            this.emit(this.pending.shift())
            return 1
        }
        const nowMs = Math.floor(this.clock.nowNs() / 1000000)
        if (this.stepAt === STEP_IDLE) {
            if (this.periodMs <= 0) return -1
            if (nowMs < this.nextMs) return this.nextMs - nowMs
            this.nextMs += this.periodMs
            if (this.nextMs <= nowMs) this.nextMs = nowMs + this.periodMs
            this.stepAt = STEP_LINES
        }
        this.printStep()
        return 1
    }

    /** Prints the report's record at `stepAt` and moves on. */
    private printStep(): void {
        const k = this.kernel
        const at = this.stepAt
        const dpcs = k.dpcs.length * RECORDS_PER_DPC
        if (at === STEP_LINES) {
            // The line records are few and short: taken together, printed one a slice.
            if (this.lines.length === 0) this.lines = lineRecords(k)
            this.emit(this.lines.shift())
            if (this.lines.length === 0) this.stepAt = 1
            return
        }
        if (at <= dpcs) this.emit(dpcReportRecord(k, k.dpcs[Math.floor((at - 1) / RECORDS_PER_DPC)], (at - 1) % RECORDS_PER_DPC))
        else if (at <= dpcs + k.cores) this.emit(coreRecord(k, at - dpcs - 1, this.clock.nowNs() - this.startNs))
        else {
            this.emit(eventsRecord(k))
            this.reports++
            this.stepAt = STEP_IDLE
            return
        }
        this.stepAt = at + 1
    }

    /** Prints one whole report now (tests; the fiber prints it a record a slice). */
    report(): void {
        this.stepAt = STEP_LINES
        while (this.stepAt !== STEP_IDLE) this.printStep()
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
    for (;;) {
        const wait = p.step()
        // Suspended, not asleep: a fault resumes it early.
        if (wait < 0) await ds.suspend()
        else await ds.suspend(wait)
    }
}
