import { Hal } from "../hal/hal"
import { Dpc, EventBatch, DpcContext, Kernel, Source } from "../kernel/index"
import { Tick } from "./tick"

export interface ButtonOptions {
    /** Prefix of the DPC and source names; default `button`. */
    name?: string
    pin: number
    /** Level while pressed; default 0 (a button to GND with the pin pulled up). */
    activeLevel?: number
    /** Lock-out after an accepted change, in ms: edges inside it are bounces. Default 20. */
    debounceMs?: number
    /** A press held this long counts once as a long press. Default 1000. */
    longPressMs?: number
}

/**
 * A debounced push button with press counting and long-press detection. One ISR, two DPCs:
 *
 *   ISR    on the GPIO bank line: an edge of the pin -> `<name>.debounce` (value = level);
 *          on the tick line: only when a bounce train's lock-out has ended with the pin at a
 *          new level, or a press has been held `longPressMs` -> `<name>.hold`.
 *   <name>.debounce  leading-edge debouncer: the first edge that changes the accepted level is
 *          taken at once (a press counts with no delay), then edges for `debounceMs` are
 *          bounces; it owns the accepted level, the press count and the press times.
 *   <name>.hold      at the end of a lock-out, asks `debounce` to take the level the bounces
 *          left (a settle event, so one DPC alone changes the button's state); counts a long
 *          press once per press. It owns the long-press count.
 *
 * A bounce train of any number of edges shorter than `debounceMs` is one press; if it ends
 * back at the released level, the release is taken when the lock-out ends.
 */
export class Button {
    readonly pin: number
    readonly activeLevel: number
    readonly debounce: Dpc
    readonly hold: Dpc
    readonly edgeSource: Source
    readonly tickSource: Source
    readonly settleSource: Source
    private debounceNs: number
    private longNs: number

    // Owned by the debounce DPC.
    /** Accepted level, and the last level an edge reported (bounces included). */
    level = 1
    lastLevel = 1
    pressed = false
    presses = 0
    releases = 0
    /** Edges processed, and those ignored as bounces. */
    edges = 0
    bounces = 0
    lockoutUntilNs = 0
    pressedAtNs = 0
    /** Duration of the last completed press (ns). */
    lastPressNs = 0

    // Owned by the hold DPC.
    longPresses = 0
    private longFor = 0
    /**
     * Whether the tick ISR must look for a hold event: a lock-out may end at a new level, or a
     * press may become long. Set by both DPCs after their runs, read by the ISR (most ticks find
     * nothing to do and cost it one test).
     */
    watching = false

    constructor(kernel: Kernel, hal: Hal, tick: Tick, opts: ButtonOptions) {
        const self = this
        const name = opts.name === undefined ? "button" : opts.name
        const active = opts.activeLevel === undefined ? 0 : opts.activeLevel
        if (active !== 0 && active !== 1) throw new Error(`${name}: activeLevel must be 0 or 1, got ${active}`)
        const debounceMs = opts.debounceMs === undefined ? 20 : opts.debounceMs
        const longMs = opts.longPressMs === undefined ? 1000 : opts.longPressMs
        if (!(debounceMs > 0)) throw new Error(`${name}: debounceMs must be > 0, got ${debounceMs}`)
        if (!(longMs > debounceMs)) throw new Error(`${name}: longPressMs must be > debounceMs (${debounceMs}), got ${longMs}`)
        this.pin = opts.pin
        this.activeLevel = active
        this.debounceNs = debounceMs * 1000000
        this.longNs = longMs * 1000000

        hal.watchPin(this.pin, "both", active === 0 ? "up" : "down")
        const now = hal.readPin(this.pin)
        this.level = now
        this.lastLevel = now
        this.pressed = now === active

        this.debounce = kernel.addDpc({ name: `${name}.debounce`, routine: (ev, ctx) => self.onEdges(ev, ctx) })
        this.hold = kernel.addDpc({ name: `${name}.hold`, routine: (ev, ctx) => self.onHold(ev, ctx) })
        this.edgeSource = kernel.addSource(`${name}`, hal.gpioLine)
        this.tickSource = kernel.addSource(`${name}.tick`, tick.line)
        this.settleSource = kernel.addSource(`${name}.settle`, tick.line)
        // The ISR reads what it needs from locals (each property look-up is a VM opcode on a board).
        const gpioLine = hal.gpioLine
        const pin = this.pin
        const debounce = this.debounce
        const edgeSource = this.edgeSource
        const hold = this.hold
        const tickSource = this.tickSource
        kernel.addDriver({
            name: name,
            // On the GPIO bank only for its pin: the bank raised for another pin does not run this ISR.
            lines: [{ line: gpioLine, status: pin }, tick.line],
            dpcs: [debounce, hold],
            isr: ctx => {
                if (ctx.line === gpioLine) ctx.request(debounce, edgeSource, ctx.value)
                else if (self.watching) {
                    if (self.holdDue(ctx.nowNs())) ctx.request(hold, tickSource, ctx.value)
                }
            },
        })
    }

    /** A lock-out has ended with the pin at a new level, or a long press is due. ISR-safe (reads only). */
    holdDue(nowNs: number): boolean {
        if (this.lastLevel !== this.level && nowNs >= this.lockoutUntilNs) return true
        return this.pressed && this.longFor !== this.presses && nowNs - this.pressedAtNs >= this.longNs
    }

    /** After either DPC's run: whether a hold event may come (see `watching`). */
    private updateWatching(): void {
        this.watching = this.lastLevel !== this.level || (this.pressed && this.longFor !== this.presses)
    }

    private accept(level: number, stampNs: number): void {
        this.level = level
        this.lockoutUntilNs = stampNs + this.debounceNs
        if (level === this.activeLevel) {
            this.presses++
            this.pressed = true
            this.pressedAtNs = stampNs
        } else {
            this.releases++
            this.pressed = false
            this.lastPressNs = stampNs - this.pressedAtNs
        }
    }

    private onEdges(ev: EventBatch, ctx: DpcContext): void {
        const edgeId = this.edgeSource.id
        for (let i = 0; i < ev.count; i++) {
            const stamp = ev.stampNs(i)
            if (ev.source(i) === edgeId) {
                const v = ev.value(i)
                this.edges++
                this.lastLevel = v
                if (stamp < this.lockoutUntilNs) this.bounces++
                else if (v !== this.level) this.accept(v, stamp)
            } else if (stamp >= this.lockoutUntilNs && this.lastLevel !== this.level) {
                // A settle event: the lock-out is over; take the level the edges left.
                this.accept(this.lastLevel, stamp)
            }
        }
        this.updateWatching()
    }

    private onHold(ev: EventBatch, ctx: DpcContext): void {
        const now = ctx.nowNs()
        if (this.lastLevel !== this.level && now >= this.lockoutUntilNs) ctx.request(this.debounce, this.settleSource, this.lastLevel)
        if (this.pressed && this.longFor !== this.presses && now - this.pressedAtNs >= this.longNs) {
            this.longPresses++
            this.longFor = this.presses
        }
        this.updateWatching()
    }
}
