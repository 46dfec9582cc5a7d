import { Clock } from "./clock"
import { SourceRef } from "./dpc"
import { RequestContext, RequestSite } from "./request"

/** An interrupt source: one GPIO pin, one timer alarm, or a software source, on a line. */
export class Source implements SourceRef {
    /** Events raised (requests made with this source), and how many of them were dropped. */
    raised = 0
    dropped = 0
    constructor(readonly id: number, readonly name: string, readonly line: InterruptLine) {}
}


/**
 * What an ISR sees: the core that took the interrupt, the line's raised state, the clock, and
 * the request entry point (`request`, stamped with `stampNs`: see RequestContext). One per line,
 * reused for every interrupt (no allocation), and shared by the line's ISRs: an ISR reads its
 * fields and does not change them (the kernel's checks mode makes sure).
 */
export class IsrContext extends RequestContext {
    /** Line-defined raised state: a pin number, an alarm index, a status mask... */
    status = 0
    /** Line-defined value with the state (the edge, the level...). */
    value = 0

    constructor(readonly line: InterruptLine, private clock: Clock, site: RequestSite) {
        super(site)
    }

    nowNs(): number {
        return this.clock.nowNs()
    }
}

/** An interrupt service routine: identifies the events behind `ctx.status` and requests DPCs. */
export type Isr = (ctx: IsrContext) => void

/** What a line with no ISR runs. */
function noIsr(ctx: IsrContext): void {}

/** Highest raised state an ISR can be attached for alone (`attach(isr, status)`): pins, alarm indices. */
export const MAX_ISR_STATUS = 1023

/**
 * An interrupt line (an IRQ of the chip, e.g. IO_IRQ_BANK0 or TIMER_IRQ_0) with the ISRs
 * registered on it. Several ISRs may share a line (a GPIO bank serves many drivers). An ISR
 * attached for the whole line checks whether the raised state is its own; one attached for one
 * `status` (a pin of the bank) runs only when the line is raised with that status, as the SDKs'
 * per-pin GPIO handlers do (pico-sdk gpio_add_raw_irq_handler, ESP-IDF gpio_isr_handler_add):
 * a raise then costs a table look-up, not a call of every driver's ISR.
 */
export class InterruptLine {
    /** ISRs for the whole line, in attach order. */
    private isrs: Isr[] = []
    /** ISRs for one status: byStatus[status], in attach order (a sparse array). */
    private byStatus: (Isr[] | null)[] = []
    private filtered = 0
    /** What raising the line runs (see `build`). */
    private run: Isr = noIsr
    private ctx: IsrContext
    /** Interrupts taken, per core. */
    readonly countByCore: number[] = []
    /** Events from this line's sources that were dropped. */
    dropped = 0
    /** The same, by the core that took the interrupt which raised them. */
    readonly droppedByCore: number[] = []
    private checks: boolean

    constructor(
        readonly id: number,
        readonly name: string,
        /** Core the line is routed to by default (hosts may raise it on any core). */
        readonly core: number,
        cores: number,
        private clock: Clock,
        site: RequestSite
    ) {
        for (let c = 0; c < cores; c++) {
            this.countByCore.push(0)
            this.droppedByCore.push(0)
        }
        this.checks = site.checks
        this.ctx = new IsrContext(this, clock, site)
    }

    /**
     * Registers an ISR (set-up time only; the kernel enforces that): for every raise, or, with
     * `status`, for raises with that status only (a whole number up to MAX_ISR_STATUS). A raise
     * runs the ISRs of its status first, then the line's, each in the order attached.
     */
    attach(isr: Isr, status?: number): void {
        if (status === undefined) this.isrs.push(isr)
        else {
            if (!(status >= 0 && status <= MAX_ISR_STATUS && Math.floor(status) === status))
                throw new Error(`line '${this.name}': an ISR's status must be a whole number from 0 to ${MAX_ISR_STATUS}, got ${status}`)
            while (this.byStatus.length <= status) this.byStatus.push(null)
            const list = this.byStatus[status]
            if (list === null) this.byStatus[status] = [isr]
            else list.push(isr)
            this.filtered++
        }
        this.build()
    }

    /** Makes `run`: the whole line's ISRs, after a look-up of the status's when there are any. */
    private build(): void {
        this.run = this.dispatch()
    }

    private dispatch(): Isr {
        const all = this.chain(this.isrs)
        if (this.filtered === 0) return all
        const table: Isr[] = []
        for (let s = 0; s < this.byStatus.length; s++) {
            const list = this.byStatus[s]
            table.push(list === null ? noIsr : this.chain(list))
        }
        const n = table.length
        if (this.isrs.length === 0)
            return ctx => {
                const st = ctx.status
                if (st < n) table[st](ctx)
            }
        return ctx => {
            const st = ctx.status
            if (st < n) table[st](ctx)
            all(ctx)
        }
    }

    /** One Isr that runs `isrs` in order: itself for one, up to four called one after the other (a loop costs VM opcodes on a board at every raise). */
    private chain(list: Isr[]): Isr {
        const isrs = list.slice(0)
        if (isrs.length === 0) return noIsr
        // The ISRs share the context: none may change its fields (checks mode makes sure).
        const line = this
        if (this.checks && this.isrCount() > 1)
            return ctx => {
                for (let i = 0; i < isrs.length; i++) line.checkedIsr(isrs[i], ctx)
            }
        if (isrs.length === 1) return isrs[0]
        const a = isrs[0]
        const b = isrs[1]
        if (isrs.length === 2)
            return ctx => {
                a(ctx)
                b(ctx)
            }
        const c = isrs[2]
        if (isrs.length === 3)
            return ctx => {
                a(ctx)
                b(ctx)
                c(ctx)
            }
        const d = isrs[3]
        if (isrs.length === 4)
            return ctx => {
                a(ctx)
                b(ctx)
                c(ctx)
                d(ctx)
            }
        return ctx => {
            for (let i = 0; i < isrs.length; i++) isrs[i](ctx)
        }
    }

    /** `checks` mode: runs one of several ISRs and throws if it changed the context the next ISR sees. */
    private checkedIsr(isr: Isr, ctx: IsrContext): void {
        const core = ctx.core
        const status = ctx.status
        const value = ctx.value
        const stampNs = ctx.stampNs
        isr(ctx)
        if (ctx.core !== core || ctx.status !== status || ctx.value !== value || ctx.stampNs !== stampNs)
            throw new Error(`line '${this.name}': an ISR changed its context (core, status, value or stampNs), which the line's other ISRs share`)
    }

    /** ISRs attached, for the whole line and for one status. */
    isrCount(): number {
        return this.isrs.length + this.filtered
    }

    /** ISRs a raise with `status` runs: those attached for that status, then the whole line's (for cost models and tools; not on the hot path). */
    isrsFor(status: number): number {
        const own = status >= 0 && status < this.byStatus.length ? this.byStatus[status] : null
        return this.isrs.length + (own === null || own === undefined ? 0 : own.length)
    }

    /** The statuses `isr` is attached for (an empty list: not attached), or null when it is attached for the whole line. */
    statusesOf(isr: Isr): number[] | null {
        if (this.isrs.indexOf(isr) >= 0) return null
        const out: number[] = []
        for (let s = 0; s < this.byStatus.length; s++) {
            const list = this.byStatus[s]
            if (list !== null && list !== undefined && list.indexOf(isr) >= 0) out.push(s)
        }
        return out
    }

    /**
     * Called by the host when the interrupt is taken on `core`: runs every ISR attached to the
     * line with the raised state, stamped now. ISR context; does not allocate.
     */
    raise(core: number, status: number, value: number): void {
        this.raiseAt(core, status, value, this.clock.nowNs())
    }

    /**
     * `raise` for a host that knows when the event happened (`stampNs`: the simulator's edge or
     * alarm time, latched by the hardware; the DeviceScript scan's time, read once per scan).
     */
    raiseAt(core: number, status: number, value: number, stampNs: number): void {
        if (this.checks) this.checkCore(core)
        const counts = this.countByCore
        counts[core] = counts[core] + 1
        const ctx = this.ctx
        ctx.core = core
        ctx.status = status
        ctx.value = value
        ctx.stampNs = stampNs
        this.run(ctx)
    }

    private checkCore(core: number): void {
        if (!(core >= 0 && core < this.countByCore.length))
            throw new Error(`line '${this.name}': raised on core ${core}, the board has ${this.countByCore.length}`)
    }

    /** Interrupts taken on all cores. */
    count(): number {
        let n = 0
        for (let c = 0; c < this.countByCore.length; c++) n += this.countByCore[c]
        return n
    }
}
