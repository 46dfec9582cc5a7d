/**
 * A processor core: it runs ISRs and DPC threads, and its time is split between them and idle.
 *
 * What runs, at every step (the core's agent acts whenever its current work ends or an
 * interrupt is asserted toward it):
 *   1. ISRs. The most urgent asserted line more urgent than the running ISR is taken (nesting
 *      by priority; a line is not re-entered while in service). Taking it costs the board's
 *      entry cycles, the ISR's identification cycles and the exit cycles; the kernel hears of
 *      the events when the ISR returns (`IrqService.exit`). An ISR preempts the DPC running
 *      on its core, which resumes where it was when the ISR returns.
 *   2. DPC threads, switched only at DPC boundaries (run to completion, as DeviceScript fibers
 *      and the kernel's routines are): after each DPC run the core takes the next thread with
 *      work, round-robin over its threads. Starting a thread costs `wakeCycles` when the core
 *      was idle and `threadSwitchCycles` when the previous run was another thread's.
 *   3. Idle (WFI) until an interrupt or a wake from another core.
 *
 * A DPC run: `Dispatcher.begin` (latency is measured here) and the routine both happen when
 * the run starts; the core is then busy for `cycles + cycles_per_event * batch`; then
 * `Dispatcher.finish`. So a DPC's effects (pins it writes, DPCs it chains) appear at the start
 * of its run and its cost follows.
 */
import { Dispatcher, Dpc, DpcThread, Kernel } from "../../src/kernel"
import { Agenda } from "./agenda"
import { InterruptController, NO_PRIORITY } from "./interrupt-controller"
import { IrqService } from "./irq-service"
import { Recorder } from "./recorder"
import { SimClock, cyclesToNs } from "./sim-clock"

/** Cost of each DPC by kernel index: cycles per run and per event. */
export interface DpcCosts {
    cycles: number[]
    cyclesPerEvent: number[]
}

export interface CoreTiming {
    clockHz: number
    entryCycles: number
    exitCycles: number
    wakeCycles: number
    threadSwitchCycles: number
}

const PHASE_NONE = 0
/** Waking up or switching threads before the DPC begins. */
const PHASE_START = 1
const PHASE_RUN = 2

export class Core {
    // Time accounting (ns).
    isrNs = 0
    dpcNs = 0
    /** Part of dpcNs spent waking up and switching threads. */
    switchNs = 0
    idleNs = 0
    private lastNs = 0
    /** ISR time not yet handed to the kernel's statistics (handed over at each ISR return). */
    private isrUncharged = 0
    /** ISR entries per line index. */
    readonly isrEntries: number[] = []

    // The ISR stack.
    private stackLine: number[] = []
    private stackPrio: number[] = []
    private stackLeft: number[] = []
    private depth = 0
    maxDepth = 0

    // The DPC side.
    private kernel: Kernel | null = null
    private threads: DpcThread[] = []
    private dispatcher: Dispatcher | null = null
    private phase = PHASE_NONE
    private left = 0
    private thread: DpcThread | null = null
    private dpc: Dpc | null = null
    private runBusyNs = 0
    /** Part of runBusyNs already credited to the thread by `settle`. */
    private creditedNs = 0
    private lastThread: DpcThread | null = null
    private sleeping = true
    private rr = 0
    private entryExitNs: number

    constructor(
        readonly id: number,
        /** The core's id in the agenda. */
        readonly agent: number,
        private agenda: Agenda,
        private clock: SimClock,
        private timing: CoreTiming,
        private controller: InterruptController,
        private services: IrqService[],
        private costs: DpcCosts,
        /** Core running each DPC (by kernel index), -1 when none: shared by all cores. */
        private runningOn: number[],
        private onViolation: (message: string) => void,
        private recorder: Recorder | null
    ) {
        for (let i = 0; i < services.length; i++) this.isrEntries.push(0)
        this.entryExitNs = cyclesToNs(timing.entryCycles + timing.exitCycles, timing.clockHz)
    }

    /** Hands the core its kernel DPC threads, once the kernel has started. */
    attach(kernel: Kernel): void {
        this.threads = kernel.byCore[this.id]
        this.dispatcher = kernel.dispatcher
        this.kernel = kernel
    }

    /** True when neither an ISR nor a DPC (or its start) occupies the core. */
    isIdle(): boolean {
        return this.depth === 0 && this.phase === PHASE_NONE
    }

    /** Asks the core to look again now (an interrupt was asserted, or a thread woken). */
    poke(): void {
        this.agenda.pullToNow(this.agent)
    }

    /**
     * Brings the kernel's statistics for this core up to `now` (before a diagnostics report):
     * the ISR time so far, and the busy time of a DPC run still going, credited to its thread
     * now and deducted when the run finishes. So a report counts a run that is not over.
     */
    settle(now: number): void {
        this.advance(now)
        if (this.isrUncharged > 0) {
            ;(this.kernel as Kernel).chargeIsrNs(this.id, this.isrUncharged)
            this.isrUncharged = 0
        }
        if (this.thread !== null) {
            this.thread.busyNs += this.runBusyNs - this.creditedNs
            this.creditedNs = this.runBusyNs
        }
    }

    /** Accounts the time since the last step to whatever occupied the core. */
    advance(now: number): void {
        const dt = now - this.lastNs
        if (dt === 0) return
        this.lastNs = now
        if (this.depth > 0) {
            this.stackLeft[this.depth - 1] -= dt
            this.isrNs += dt
            this.isrUncharged += dt
        } else if (this.phase !== PHASE_NONE) {
            this.left -= dt
            this.dpcNs += dt
            this.runBusyNs += dt
            if (this.phase === PHASE_START) this.switchNs += dt
        } else this.idleNs += dt
    }

    /**
     * The core's agent acts at the clock's time. When what it does next is due before anything
     * else in the model (the agenda says so), it goes on in the same step with the clock moved
     * there: the same sequence the run loop would give, with fewer trips through the heap.
     *
     * Times pass between the core's methods through fields (the clock, `left`, the ISR stack),
     * and to the agenda as delays, never as arguments or results (see Agenda).
     */
    step(): void {
        const clock = this.clock
        const agenda = this.agenda
        for (;;) {
            this.work()
            let delay: number
            if (this.depth > 0) delay = this.stackLeft[this.depth - 1]
            else if (this.phase !== PHASE_NONE) delay = this.left
            else {
                agenda.cancel(this.agent) // idle until poked
                return
            }
            if (!agenda.isNextIn(this.agent, delay)) {
                agenda.scheduleIn(this.agent, delay)
                return
            }
            clock.setNs(clock.nowNs() + delay)
        }
    }

    /** Does everything due now, until an ISR, a thread start or a DPC run occupies the core or it idles. */
    private work(): void {
        this.advance(this.clock.nowNs())
        const controller = this.controller
        for (;;) {
            const depth = this.depth
            const irq = controller.highest(depth > 0 ? this.stackPrio[depth - 1] : NO_PRIORITY)
            if (depth > 0) {
                if (irq >= 0) {
                    this.enterIsr(irq)
                    continue
                }
                if (this.stackLeft[depth - 1] > 0) return
                this.exitIsr()
                continue
            }
            if (irq >= 0) {
                this.enterIsr(irq)
                continue
            }
            if (this.phase === PHASE_START) {
                if (this.left > 0) return
                this.beginRun()
                continue
            }
            if (this.phase === PHASE_RUN) {
                if (this.left > 0) return
                this.finishRun()
                continue
            }
            if (!this.startThread()) return
        }
    }

    private enterIsr(irq: number): void {
        const service = this.services[irq]
        this.controller.setActive(irq, true)
        const cycles = service.enter(this.id)
        const d = this.depth++
        if (this.depth > this.maxDepth) this.maxDepth = this.depth
        this.stackLine[d] = irq
        this.stackPrio[d] = this.controller.priorityOf(irq)
        this.stackLeft[d] = this.entryExitNs + cyclesToNs(cycles, this.timing.clockHz)
        this.isrEntries[irq]++
        if (this.recorder !== null) this.recorder.isrBegin(this.id, service.name, this.clock.nowNs())
    }

    private exitIsr(): void {
        const d = --this.depth
        const irq = this.stackLine[d]
        const service = this.services[irq]
        this.controller.setActive(irq, false)
        ;(this.kernel as Kernel).chargeIsrNs(this.id, this.isrUncharged)
        this.isrUncharged = 0
        const events = service.exit(this.id)
        if (this.recorder !== null) this.recorder.isrEnd(this.id, service.name, this.clock.nowNs(), events)
    }

    /** Picks the next DPC thread with work, round-robin; false when there is none (the core idles). */
    private startThread(): boolean {
        const threads = this.threads
        const n = threads.length
        let i = this.rr
        for (let k = 0; k < n; k++, i = i + 1 === n ? 0 : i + 1) {
            const t = threads[i]
            if (!t.awake) continue
            if (t.queue.length === 0) {
                // Its queue ran dry: begin finds nothing and puts the thread to sleep, so that
                // the next request wakes it (and this core) again.
                ;(this.dispatcher as Dispatcher).begin(t)
                continue
            }
            this.rr = i + 1 === n ? 0 : i + 1
            const cycles = this.sleeping ? this.timing.wakeCycles : t !== this.lastThread && this.lastThread !== null ? this.timing.threadSwitchCycles : 0
            this.sleeping = false
            this.thread = t
            this.phase = PHASE_START
            this.left = cycles === 0 ? 0 : cyclesToNs(cycles, this.timing.clockHz)
            this.runBusyNs = 0
            this.creditedNs = 0
            return true
        }
        this.sleeping = true
        return false
    }

    private beginRun(): void {
        const t = this.thread as DpcThread
        const dispatcher = this.dispatcher as Dispatcher
        const dpc = dispatcher.begin(t)
        if (dpc === null) {
            // (cannot happen: only this core takes from t's queue) the start's time stays the thread's
            t.busyNs += this.runBusyNs - this.creditedNs
            this.phase = PHASE_NONE
            this.thread = null
            return
        }
        const other = this.runningOn[dpc.index]
        if (other >= 0) this.twice(dpc, other)
        this.runningOn[dpc.index] = this.id
        this.dpc = dpc
        const batch = dpc.batch.count
        if (this.recorder !== null) this.recorder.dpcBegin(this.id, t.thread, t.index, dpc.name, this.clock.nowNs(), batch)
        dispatcher.execute(t)
        this.phase = PHASE_RUN
        this.left = cyclesToNs(this.costs.cycles[dpc.index] + this.costs.cyclesPerEvent[dpc.index] * batch, this.timing.clockHz)
    }

    /** (Out of beginRun, which stays small enough to inline.) */
    private twice(dpc: Dpc, other: number): void {
        this.onViolation(`DPC '${dpc.name}' started on core ${this.id} while running on core ${other}`)
    }

    private finishRun(): void {
        const t = this.thread as DpcThread
        const dpc = this.dpc as Dpc
        this.runningOn[dpc.index] = -1
        ;(this.dispatcher as Dispatcher).finish(t, this.runBusyNs - this.creditedNs)
        if (this.recorder !== null) this.recorder.dpcEnd(this.id, t.thread, t.index, dpc.name, this.clock.nowNs())
        this.lastThread = t
        this.thread = null
        this.dpc = null
        this.phase = PHASE_NONE
    }
}
