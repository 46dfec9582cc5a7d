/**
 * A processor core of the native host: it runs ISRs and DPC threads, and its time is split
 * between them and idle.
 *
 * What runs, at every step (the core's agent acts whenever its current work ends or an
 * interrupt is asserted toward it):
 *   1. ISRs. The most urgent asserted line more urgent than the running ISR is taken (nesting
 *      by priority; a line is not re-entered while in service). An ISR is a frame that goes
 *      through these phases:
 *
 *          taken ──entry──▶ handler ──its cycles──▶ finish ──exit──▶ returned
 *            │ IrqService.enter              │ IrqService.finish      (exit phase)
 *            │ (reads, acknowledges)         │ (hands the events to the kernel;
 *            │                               │  may go on: an alarm catching up)
 *            └─ late arrival: a more urgent  └─ tail chain: straight into the next ISR
 *               line takes the entry over       (board's tailChain) instead of the exit
 *
 *      Entry and exit are the board's cycles; the handler's are the service's. With
 *      `tailChain` (Cortex-M0+: any pending line more urgent than the code returned to; Xtensa's
 *      dispatch loop: only one of the same priority), a finishing handler goes straight into
 *      the next ISR for `tailChain.cycles`, skipping its exit and the next one's entry. With
 *      `lateArrival` (Cortex-M0+), a more urgent line that arrives during an entry takes it
 *      over: its handler starts when that entry ends, and the first ISR is chained after it.
 *      An ISR preempts the DPC running on its core, which resumes where it was when the ISR
 *      returns.
 *   2. DPC threads, switched only at DPC boundaries (run to completion, as DeviceScript fibers
 *      and the kernel's routines are): after each DPC run the core takes the next thread with
 *      work, round-robin over its threads. Starting a thread when the core was idle costs a
 *      wake: `localWakeCycles` when code on this core woke it (the RTOS's switch after the
 *      ISR), more when another core did (`crossCoreWakeCycles`: this core takes the RTOS's
 *      cross-core interrupt first); `threadSwitchCycles` when the previous run was another
 *      thread's.
 *   3. Idle (WFI) until an interrupt or a wake from another core.
 *
 * A DPC run: `Dispatcher.begin` (latency is measured here) and the routine both happen when
 * the run starts; the core is then busy for `cycles + cycles_per_event * batch`; then
 * `Dispatcher.finish`. So a DPC's effects (pins it writes, DPCs it chains) appear at the start
 * of its run and its cost follows.
 */
import { Dispatcher, Dpc, DpcThread, Kernel } from "../../src/kernel"
import { SimBoardSpec, TailChainSpec } from "../board-spec"
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
    tailChain: TailChainSpec | null
    localWakeCycles: number
    crossCoreWakeCycles: number
    threadSwitchCycles: number
}

/**
 * A core's costs from the board file. A cross-core wake is the RTOS's cross-core interrupt on
 * the woken core (entry, its handler, then its exit or, where the core tail-chains any
 * exception, a tail chain into the switch) followed by the local wake's switch.
 */
export function coreTiming(spec: SimBoardSpec): CoreTiming {
    const intr = spec.interrupt
    const n = spec.native
    const chain = intr.tailChain
    const leave = chain !== null && chain.scope === "any" ? chain.cycles : intr.exitCycles
    const cross = n.crossCoreWake === null ? n.localWakeCycles : intr.entryCycles + n.crossCoreWake.handlerCycles + leave + n.localWakeCycles
    return {
        clockHz: spec.clockHz,
        entryCycles: intr.entryCycles,
        exitCycles: intr.exitCycles,
        tailChain: chain,
        localWakeCycles: n.localWakeCycles,
        crossCoreWakeCycles: cross,
        threadSwitchCycles: n.threadSwitchCycles,
    }
}

const PHASE_NONE = 0
/** Waking up or switching threads before the DPC begins. */
const PHASE_START = 1
const PHASE_RUN = 2

/** ISR frame phases: entry and handler; exit; an entry another line took over (late arrival). */
const FRAME_HANDLER = 0
const FRAME_EXIT = 1
const FRAME_PENDING = 2

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
    /** ISRs that began by a tail chain (no entry of their own), and entries taken over by a late arrival. */
    tailChains = 0
    lateArrivals = 0

    // The ISR stack: per frame its line, priority, time left in its phase, handler time, phase.
    private stackLine: number[] = []
    private stackPrio: number[] = []
    private stackLeft: number[] = []
    private stackHandler: number[] = []
    private stackPhase: number[] = []
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
    /** What waking from sleep costs (ns), decided by the first wake while sleeping; -1: none yet. */
    private wakeNs = -1
    private rr = 0
    private entryNs: number
    private exitNs: number
    private chainNs: number
    /** 0: no tail chain; 1: any more urgent line; 2: only one of the same priority. */
    private chainScope: number
    private lateArrival: boolean
    private localWakeNs: number
    private crossWakeNs: number
    private switchCostNs: number
    private clockHz: number

    constructor(
        readonly id: number,
        /** The core's id in the agenda. */
        readonly agent: number,
        private agenda: Agenda,
        private clock: SimClock,
        timing: CoreTiming,
        private controller: InterruptController,
        private services: IrqService[],
        private costs: DpcCosts,
        /** Core running each DPC (by kernel index), -1 when none: shared by all cores. */
        private runningOn: number[],
        private onViolation: (message: string) => void,
        private recorder: Recorder | null
    ) {
        for (let i = 0; i < services.length; i++) this.isrEntries.push(0)
        const ns = (cycles: number) => cyclesToNs(cycles, timing.clockHz)
        this.clockHz = timing.clockHz
        this.entryNs = ns(timing.entryCycles)
        this.exitNs = ns(timing.exitCycles)
        const chain = timing.tailChain
        this.chainNs = chain === null ? 0 : ns(chain.cycles)
        this.chainScope = chain === null ? 0 : chain.scope === "any" ? 1 : 2
        this.lateArrival = chain !== null && chain.lateArrival
        this.localWakeNs = ns(timing.localWakeCycles)
        this.crossWakeNs = ns(timing.crossCoreWakeCycles)
        this.switchCostNs = ns(timing.threadSwitchCycles)
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
     * A DPC thread of this core was woken by code running on core `from` (-1: no core, such as
     * the kernel tick or set-up). While the core sleeps, the first wake decides what starting
     * the thread costs: a local wake, or a cross-core one. An idle core is poked.
     */
    woken(from: number): void {
        if (this.sleeping && this.wakeNs < 0) this.wakeNs = from >= 0 && from !== this.id ? this.crossWakeNs : this.localWakeNs
        if (this.isIdle()) this.poke()
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
            if (depth > 0) {
                const d = depth - 1
                const irq = controller.highest(this.stackPrio[d])
                if (irq >= 0) {
                    this.preempt(irq, d)
                    continue
                }
                if (this.stackLeft[d] > 0) return
                if (this.stackPhase[d] === FRAME_HANDLER) this.endHandler(d)
                else this.popFrame(d)
                continue
            }
            const irq = controller.highest(NO_PRIORITY)
            if (irq >= 0) {
                this.enterIsr(irq, this.entryNs)
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

    /** Line `irq` is more urgent than frame `d` (the running one): it nests, or takes d's entry over. */
    private preempt(irq: number, d: number): void {
        if (this.lateArrival && this.stackPhase[d] === FRAME_HANDLER && this.stackLeft[d] > this.stackHandler[d]) {
            // Frame d is still in its entry: irq's handler starts when that entry ends; d's is chained after it.
            const rest = this.stackLeft[d] - this.stackHandler[d]
            this.stackPhase[d] = FRAME_PENDING
            this.stackLeft[d] = this.chainNs + this.stackHandler[d]
            this.lateArrivals++
            this.enterIsr(irq, rest)
        } else this.enterIsr(irq, this.entryNs)
    }

    /** Takes line `irq`: its handler starts `entryNs` from now. */
    private enterIsr(irq: number, entryNs: number): void {
        const service = this.services[irq]
        this.controller.setActive(irq, true)
        const handlerNs = cyclesToNs(service.enter(this.id, entryNs), this.clockHz)
        const d = this.depth++
        if (this.depth > this.maxDepth) this.maxDepth = this.depth
        this.stackLine[d] = irq
        this.stackPrio[d] = this.controller.priorityOf(irq)
        this.stackLeft[d] = entryNs + handlerNs
        this.stackHandler[d] = handlerNs
        this.stackPhase[d] = FRAME_HANDLER
        this.isrEntries[irq]++
        if (this.recorder !== null) this.recorder.isrBegin(this.id, service.name, this.clock.nowNs())
    }

    /** Frame d's handler has run its cycles: it hands over its events, then returns, chains, or goes on. */
    private endHandler(d: number): void {
        const irq = this.stackLine[d]
        const more = this.services[irq].finish(this.id)
        if (more > 0) {
            const ns = cyclesToNs(more, this.clockHz)
            this.stackLeft[d] = ns
            this.stackHandler[d] = ns
            return
        }
        if (d > 0 && this.stackPhase[d - 1] === FRAME_PENDING) {
            // This ISR took over frame d-1's entry: that one's handler follows, chained.
            this.popFrame(d)
            this.stackPhase[d - 1] = FRAME_HANDLER
            this.tailChains++
            return
        }
        if (this.chainScope !== 0) {
            const next = this.controller.highestOnReturn(irq, d > 0 ? this.stackPrio[d - 1] : NO_PRIORITY)
            if (next >= 0 && (this.chainScope === 1 || this.controller.priorityOf(next) === this.stackPrio[d])) {
                this.popFrame(d)
                this.tailChains++
                this.enterIsr(next, this.chainNs)
                return
            }
        }
        this.stackPhase[d] = FRAME_EXIT
        this.stackLeft[d] = this.exitNs
    }

    /** The ISR of frame d (the top) returns. */
    private popFrame(d: number): void {
        this.depth = d
        const irq = this.stackLine[d]
        const service = this.services[irq]
        this.controller.setActive(irq, false)
        ;(this.kernel as Kernel).chargeIsrNs(this.id, this.isrUncharged)
        this.isrUncharged = 0
        if (this.recorder !== null) this.recorder.isrEnd(this.id, service.name, this.clock.nowNs(), service.handled(this.id))
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
            this.left = this.sleeping
                ? this.wakeNs >= 0
                    ? this.wakeNs
                    : this.localWakeNs
                : t !== this.lastThread && this.lastThread !== null
                  ? this.switchCostNs
                  : 0
            this.sleeping = false
            this.wakeNs = -1
            this.thread = t
            this.phase = PHASE_START
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
        this.left = cyclesToNs(this.costs.cycles[dpc.index] + this.costs.cyclesPerEvent[dpc.index] * batch, this.clockHz)
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
