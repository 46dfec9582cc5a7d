/**
 * What each VM slice of the devicescript host costs, in opcodes, from the calibration table
 * (calibration.ts): the model runs the real kernel and app code in Node, watches what the code
 * did (the lines raised and which drivers' ISRs requested, every request's outcome, the wakes,
 * the DPC runs and their batches, the records printed) and charges each path its measured
 * opcodes. The slice's time is then its opcodes x the board's ns per opcode (vm.ts).
 *
 * The firmware's own paths (its drivers' ISRs, its DPC routines) come from the table by driver
 * and DPC name; a scenario's own DPCs cost what the scenario gives (`opcodes`,
 * `opcodes_per_event`), and its ISRs a bare ISR's request plus the source's `isr_opcodes`.
 */
import { DPC_IDLE, DPC_QUEUED, Dpc, Driver, InterruptLine, Isr, Kernel } from "../../../src/kernel"
import { CalibrationTable, entry } from "./calibration"

/** A DPC routine's opcodes (a scenario's DPC, or an override of the firmware's). */
export interface DpcOpcodes {
    opcodes: number
    opcodesPerEvent: number
}

/** The pin watch kinds as the scan charges their change handlers. */
export type WatchKind = "rising" | "falling" | "both" | "high" | "low"

/** What the costs of an app's own paths depend on, known once it is set up. */
export interface AppCosts {
    kernel: Kernel
    /** The GPIO bank's line (the others are alarms'). */
    gpioLine: InterruptLine
    /** Per DPC name: what its routine costs, replacing the table's. */
    dpcOpcodes: { [dpc: string]: DpcOpcodes }
    /** Extra ISR opcodes per identified event, by `gpio<N>` or `alarm<N>`. */
    isrOpcodes: { [key: string]: number }
}

/**
 * The opcodes of the slice being run, added up path by path, in the board's two classes: kernel
 * code (the kernel's and the drivers' paths: object fields, calls, closures) and plain code (the
 * fibers' loops, the scan's reads and compares, the timer's deadlines, the printer's formatting).
 */
export class SliceMeter {
    kernel = 0
    plain = 0
    /** Adds `n` opcodes of kernel code. */
    add(n: number): void {
        this.kernel += n
    }
    /** Adds `n` opcodes of plain code. */
    addPlain(n: number): void {
        this.plain += n
    }
    /** The slice's opcodes of each class since the last take, and starts anew. */
    take(): { kernel: number; plain: number } {
        const out = { kernel: this.kernel, plain: this.plain }
        this.kernel = 0
        this.plain = 0
        return out
    }
}

export class Costs {
    readonly meter = new SliceMeter()
    private e: (name: string) => number
    private loops: { [loop: string]: number }
    private raiseNs = 0
    private perIsr = 0
    /** Per line id: the drivers whose ISR it runs, and each one's entries (request, skip). */
    private drivers: { driver: Driver; statuses: number[] | null; request: number; skip: number }[][] = []
    /** Per DPC index: the routine's opcodes per run and per further event. */
    private routine: number[] = []
    private routinePerEvent: number[] = []
    /** The request paths, by outcome. */
    private req: { queue: number; coalesce: number; queueLow: number; coalesceLow: number; fullLow: number; drop: number; chained: number; wake: number }
    /** True while a DPC routine runs (its requests are chained), and while the kernel's tick runs (its wakes are the tick's). */
    inRoutine = false
    inTick = false

    private isrOpcodes: { [key: string]: number } = {}

    constructor(private table: CalibrationTable) {
        this.e = name => entry(table, name)
        this.loops = table.loops
        const e = this.e
        this.raiseNs = e("raise")
        this.perIsr = e("raise.perIsr")
        this.req = {
            queue: e("request.queue"),
            coalesce: e("request.coalesce"),
            queueLow: e("request.queueLow"),
            coalesceLow: e("request.coalesceLow"),
            fullLow: e("request.fullLow"),
            drop: e("request.drop"),
            chained: e("request.chained"),
            wake: e("request.wake"),
        }
    }

    /** Prices the app's own paths: its drivers' ISRs by line, its DPCs' routines. After kernel.start(). */
    attach(o: AppCosts): void {
        const table = this.table
        const e = this.e
        this.isrOpcodes = o.isrOpcodes
        const k = o.kernel
        for (const line of k.lines) {
            const role = line === o.gpioLine ? "gpio" : "alarm"
            this.drivers.push(
                k.drivers
                    .filter(d => d.lines.includes(line))
                    .map(d => {
                        const has = table.entries[`isr.${d.name}@${role}.request`] !== undefined
                        const statuses = line.statusesOf(d.isr)
                        return { driver: d, statuses, request: has ? e(`isr.${d.name}@${role}.request`) : 0, skip: has ? (table.entries[`isr.${d.name}@${role}.skip`]?.opcodes ?? 0) : 0 }
                    })
            )
        }
        for (const d of k.dpcs) {
            const own = o.dpcOpcodes[d.name]
            if (own !== undefined) {
                this.routine.push(own.opcodes)
                this.routinePerEvent.push(own.opcodesPerEvent)
                continue
            }
            if (table.entries[`routine.${d.name}`] === undefined)
                throw new Error(`no VM opcodes for DPC '${d.name}': the calibration table has no routine.${d.name}; give it in the scenario's costs (opcodes)`)
            this.routine.push(e(`routine.${d.name}`))
            this.routinePerEvent.push(table.entries[`routine.${d.name}.perEvent`]?.opcodes ?? 0)
        }
    }

    /** A fiber loop's opcodes around its slice (scan, timer, dpcRun, dpcPark, printer). */
    loop(name: string): number {
        return this.loops[name]
    }

    // ---- Requests (called by the kernel's checks, before the request takes effect) ----

    /** A request of `dpc` is about to be made: charges its outcome. */
    request(dpc: Dpc): void {
        const r = this.req
        const ring = dpc.ring
        let n: number
        if (ring.count === ring.capacity) n = r.drop
        else if (dpc.state === DPC_QUEUED) n = dpc.wakes ? r.coalesce : ring.count + 1 >= dpc.budgetEvents ? r.fullLow : r.coalesceLow
        else if (dpc.state === DPC_IDLE) n = dpc.wakes ? r.queue : r.queueLow
        else n = r.coalesce // running: the event waits for its next run
        this.meter.add(this.inRoutine ? n + r.chained : n)
    }

    /** A DPC thread was woken (by a request, or by the kernel's tick). */
    wake(): void {
        this.meter.add(this.inTick ? this.e("kernel.tickWake") : this.req.wake)
    }

    /** A fault was reported: an overflow's first drop formats its record; a routine that threw, its error's. */
    fault(kind: string): void {
        if (kind === "overflow") this.meter.add(this.e("request.dropFault") - this.req.drop)
        else if (kind === "error") this.meter.add(this.e("dispatch.error"))
    }

    // ---- Raising a line (the scan's and the timer's slices) ----

    /**
     * Raises `line` with `raise` (the real raiseAt), charging the line's dispatch and each
     * driver's ISR by whether it requested; `key` names the source for a scenario's extra ISR
     * opcodes (`gpio<N>`, `alarm<N>`).
     */
    raise(line: InterruptLine, status: number, key: string, raise: () => void): void {
        const drivers = this.drivers[line.id]
        const before = drivers.map(d => requestsOf(d.driver))
        raise()
        let n = this.raiseNs + this.perIsr * Math.max(0, line.isrsFor(status) - 1) + (this.isrOpcodes[key] ?? 0)
        // A driver attached for some statuses only runs for those (the raise's status table look-up is in its entries).
        drivers.forEach((d, i) => {
            if (d.statuses === null || d.statuses.includes(status)) n += requestsOf(d.driver) !== before[i] ? d.request : d.skip
        })
        this.meter.add(n)
    }

    // ---- Slices ----

    /** The pin scan's slice over `pins` watched pins (the changes and raises are charged as they happen). */
    scan(pins: number): void {
        const e = this.e
        const groups = pins > 4 ? Math.ceil((pins - 4) / 4) : 0
        this.meter.addPlain(this.loops.scan + e("scan.base") + Math.min(pins, 4) * e("scan.pin") + groups * e("scan.group"))
    }

    /** A watched pin the scan found changed; `fired`: its watch raises the line. */
    scanChange(kind: WatchKind, fired: boolean): void {
        const e = this.e
        if (!fired) this.meter.add(e("scan.noFire"))
        else this.meter.add(kind === "both" ? e("scan.fireBoth") : kind === "high" || kind === "low" ? e("scan.fireLevel") : e("scan.fire"))
    }

    /** The timer fiber's slice: `alarms` attached, of which `fired` fired; the kernel's tick due or not. */
    timer(alarms: number, fired: number, tickDue: boolean): void {
        const e = this.e
        this.meter.addPlain(this.loops.timer + e("timer.base") + (alarms - fired) * e("timer.alarm") + fired * e("timer.fire"))
        if (tickDue) this.meter.add(e("timer.kernelTick"))
    }

    /**
     * A DPC fiber's slice that ran `dpc` with `n` events, `distinct` of them (after the first)
     * stamped otherwise than the one before; `requeued`: events were left beyond its budget.
     */
    dpcRun(dpc: Dpc, n: number, distinct: number, requeued: boolean): void {
        const e = this.e
        const i = dpc.index
        this.meter.addPlain(this.loops.dpcRun)
        let ops = e("dispatch.run") + (n - 1 - distinct) * e("dispatch.eventSame") + distinct * e("dispatch.eventDistinct")
        ops += this.routine[i] + Math.max(0, n - 1) * this.routinePerEvent[i]
        if (requeued) ops += e("dispatch.requeue")
        this.meter.add(ops)
    }

    /** A DPC fiber's slice that found nothing and parked. */
    dpcPark(): void {
        this.meter.addPlain(this.loops.dpcPark)
        this.meter.add(this.e("dispatch.park"))
    }

    /** The printer's slice: a record of `kind` (lines, line, dpc, lat, faults, core, events, err, boot) or idle. */
    printer(kind: string): void {
        this.meter.addPlain(this.loops.printer + this.e(`printer.${kind}`))
    }
}

/** Requests a driver's DPCs have had (the kernel's checks count them). */
function requestsOf(d: Driver): number {
    let n = 0
    for (const dpc of d.dpcs) n += dpc.stats.raised
    return n
}
