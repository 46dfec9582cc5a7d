/**
 * The diagnostics printer's fiber (src/port/diagnostics-printer.ts, which runs only in the VM;
 * its `step` is mirrored here): `boot` once, then every `periodMs` a report of one record a
 * slice (the line records, three a DPC, one a core, the events), sleeping 1 ms between records
 * so that the runtime's main loop gets its turns to drain the log; an `err` record for each
 * fault, formatted when it happens and printed first. At most MAX_PENDING_ERRORS wait; further
 * faults are counted (`errDropped`).
 */
import { Fault, Kernel, RECORDS_PER_DPC, bootRecord, coreRecord, dpcReportRecord, eventsRecord, faultRecord, lineRecords } from "../../../src/kernel"
import { Costs } from "./costs"
import { Fiber, Vm } from "./vm"

/** As the port's printer (src/port/diagnostics-printer.ts MAX_PENDING_ERRORS). */
export const MAX_PENDING_ERRORS = 8

const STEP_IDLE = -1
const STEP_LINES = 0

export class PrinterFiber extends Fiber {
    private pending: string[] = []
    errDropped = 0
    printed = 0
    reports = 0
    private startNs = 0
    private nextMs = 0
    private stepAt = STEP_IDLE
    private lines: string[] = []
    private vm: Vm | null = null

    constructor(private kernel: Kernel, private board: string, private out: (line: string) => void, readonly periodMs: number, private nowNs: () => number, private costs: Costs) {
        super("printer", "printer")
    }

    private emit(line: string): void {
        this.out(line)
        this.printed++
    }

    /** The boot record (printed by the port's start, before the fibers run). */
    boot(): void {
        this.startNs = this.nowNs()
        this.nextMs = Math.floor(this.startNs / 1e6) + this.periodMs
        this.emit(bootRecord(this.kernel, this.board))
    }

    /** The fiber runs on `vm` (a fault resumes it). */
    started(vm: Vm): void {
        this.vm = vm
    }

    /** The kernel's onFault: the record is formatted now, printed by the fiber soon after. */
    fault(f: Fault): void {
        if (this.pending.length >= MAX_PENDING_ERRORS) {
            this.errDropped++
            return
        }
        this.pending.push(faultRecord(f))
        if (this.vm !== null) this.vm.resume(this)
    }

    slice(vm: Vm): void {
        const wait = this.step()
        if (wait < 0) vm.suspend(this)
        else vm.suspend(this, wait)
    }

    private step(): number {
        if (this.pending.length > 0) {
            this.emit(this.pending.shift() as string)
            this.costs.printer("err")
            this.label = "printer"
            return 1
        }
        const nowMs = Math.floor(this.nowNs() / 1e6)
        if (this.stepAt === STEP_IDLE) {
            if (this.periodMs <= 0) {
                this.costs.printer("idle")
                return -1
            }
            if (nowMs < this.nextMs) {
                this.costs.printer("idle")
                return this.nextMs - nowMs
            }
            this.nextMs += this.periodMs
            if (this.nextMs <= nowMs) this.nextMs = nowMs + this.periodMs
            this.stepAt = STEP_LINES
        }
        this.label = "printer"
        this.printStep()
        return 1
    }

    private printStep(): void {
        const k = this.kernel
        const at = this.stepAt
        const dpcs = k.dpcs.length * RECORDS_PER_DPC
        if (at === STEP_LINES) {
            const first = this.lines.length === 0
            if (first) this.lines = lineRecords(k)
            this.emit(this.lines.shift() as string)
            this.costs.printer(first ? "lines" : "line")
            if (this.lines.length === 0) this.stepAt = 1
            return
        }
        if (at <= dpcs) {
            const j = (at - 1) % RECORDS_PER_DPC
            this.emit(dpcReportRecord(k, k.dpcs[Math.floor((at - 1) / RECORDS_PER_DPC)], j))
            this.costs.printer(j === 0 ? "dpc" : j === 1 ? "lat" : "faults")
        } else if (at <= dpcs + k.cores) {
            this.emit(coreRecord(k, at - dpcs - 1, this.nowNs() - this.startNs))
            this.costs.printer("core")
        } else {
            this.emit(eventsRecord(k))
            this.costs.printer("events")
            this.reports++
            this.stepAt = STEP_IDLE
            return
        }
        this.stepAt = at + 1
    }
}
