import { Clock } from "./clock"
import { Dpc, SourceRef } from "./dpc"
import { Requester } from "./dpc-thread"

/** An interrupt source: one GPIO pin, one timer alarm, or a software source, on a line. */
export class Source implements SourceRef {
    /** Events raised (requests made with this source), and how many of them were dropped. */
    raised = 0
    dropped = 0
    constructor(readonly id: number, readonly name: string, readonly line: InterruptLine) {}
}

/**
 * What an ISR sees: the core that took the interrupt, the line's raised state, the clock, and
 * the request entry point. One per line, reused for every interrupt (no allocation).
 */
export class IsrContext {
    /** Core that took the interrupt. */
    core = 0
    /** Line-defined raised state: a pin number, an alarm index, a status mask... */
    status = 0
    /** Line-defined value with the state (the edge, the level...). */
    value = 0
    /**
     * When the event happened, as the host knows it (ns): the edge's or the alarm's time on the
     * simulator, where the hardware latched it; the ISR's start on a device. `request` stamps
     * events with it unless given another time.
     */
    stampNs = 0

    constructor(readonly line: InterruptLine, private clock: Clock, private requester: Requester) {}

    nowNs(): number {
        return this.clock.nowNs()
    }

    /**
     * Queues `dpc` for one event of `source`, stamped with the event's time (`ctx.stampNs`) or
     * with `stampNs` when given. Returns true when the DPC was queued by this call; false when it was
     * already queued (the event joins its batch) or the event was dropped (ring full).
     * ISR-safe; does not allocate; may wake a DPC thread.
     */
    request(dpc: Dpc, source: SourceRef, value: number, stampNs?: number): boolean {
        return this.requester.requestOn(dpc, source, value, stampNs === undefined ? this.stampNs : stampNs, this.core)
    }
}

/** An interrupt service routine: identifies the events behind `ctx.status` and requests DPCs. */
export type Isr = (ctx: IsrContext) => void

/**
 * An interrupt line (an IRQ of the chip, e.g. IO_IRQ_BANK0 or TIMER_IRQ_0) with the ISRs
 * registered on it. Several ISRs may share a line (a GPIO bank serves many drivers); each
 * checks whether the raised state is its own.
 */
export class InterruptLine {
    private isrs: Isr[] = []
    private ctx: IsrContext
    /** Interrupts taken, per core. */
    readonly countByCore: number[] = []
    /** Events from this line's sources that were dropped. */
    dropped = 0
    /** The same, by the core that took the interrupt which raised them. */
    readonly droppedByCore: number[] = []

    constructor(
        readonly id: number,
        readonly name: string,
        /** Core the line is routed to by default (hosts may raise it on any core). */
        readonly core: number,
        cores: number,
        private clock: Clock,
        requester: Requester
    ) {
        for (let c = 0; c < cores; c++) {
            this.countByCore.push(0)
            this.droppedByCore.push(0)
        }
        this.ctx = new IsrContext(this, clock, requester)
    }

    /** Registers an ISR (set-up time only; the kernel enforces that). */
    attach(isr: Isr): void {
        this.isrs.push(isr)
    }

    isrCount(): number {
        return this.isrs.length
    }

    /**
     * Called by the host when the interrupt is taken on `core`: runs every ISR attached to the
     * line with the raised state. `stampNs` is when the event happened, if the host knows it
     * (default: now). ISR context; does not allocate.
     */
    raise(core: number, status: number, value: number, stampNs?: number): void {
        if (!(core >= 0 && core < this.countByCore.length))
            throw new Error(`line '${this.name}': raised on core ${core}, the board has ${this.countByCore.length}`)
        this.countByCore[core]++
        const ctx = this.ctx
        const stamp = stampNs === undefined ? this.clock.nowNs() : stampNs
        for (let i = 0; i < this.isrs.length; i++) {
            ctx.core = core
            ctx.status = status
            ctx.value = value
            ctx.stampNs = stamp
            this.isrs[i](ctx)
        }
    }

    /** Interrupts taken on all cores. */
    count(): number {
        let n = 0
        for (let c = 0; c < this.countByCore.length; c++) n += this.countByCore[c]
        return n
    }
}
