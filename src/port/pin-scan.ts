import { Edge } from "../hal/hal"
import { Clock, InterruptLine } from "../kernel/index"

/** A pin as the scan reads it: a DeviceScript GPIO object, or a virtual pin's level holder. */
export interface PinHandle {
    readonly value: number
}

const RISING = 0
const FALLING = 1
const BOTH = 2
const HIGH = 3
const LOW = 4

function kindOf(edge: Edge): number {
    return edge === "rising" ? RISING : edge === "falling" ? FALLING : edge === "both" ? BOTH : edge === "high" ? HIGH : LOW
}

function noScan(): void {}

/**
 * The GPIO "interrupt controller" of the DeviceScript port. DeviceScript gives programs no pin
 * interrupt (src/port/README.md), so the port's pin-scan fiber calls `scan` every period (1 ms)
 * and this is its whole slice: the watched pins are compared with what they are expected to
 * read, and only a difference goes further (the watch's change handler), where its condition
 * decides whether the GPIO bank line is raised (status = pin, value = level, stamped now).
 *
 * `scan` is made for the number of watched pins (`build`): up to four are compared one after
 * the other with no loop, more in groups of four, so that a tick with no edge costs 7 VM
 * opcodes per pin (on a board every opcode costs microseconds, and the scan runs 1000 times a
 * second while the pins are busy; `relax` slows it down when they are quiet). A pin is compared with `refs[i]`: for an edge watch the level it last read, for a
 * level watch (`high`, `low`) the inactive level, so that an active level raises the line at
 * every scan, as a level-triggered interrupt keeps firing while its level holds.
 */
export class PinScan {
    /** Watched GPIO numbers, in watch order. */
    readonly pins: number[] = []
    /**
     * How long the scan fiber sleeps between scans: `fastMs`, or `slowMs` once no watched pin
     * has changed for `quietMs` (see `relax`). A change makes it fast again at once.
     */
    sleepMs: number
    /** Time of the last change (ns). */
    private changedNs = 0
    /** The scan's slice (see the class comment). Set by build(). */
    scan: () => void = noScan
    private handles: PinHandle[] = []
    private refs: number[] = []
    /** What each watch does when its pin reads other than expected (made by `watch` for its kind). */
    private onChange: (() => void)[] = []

    constructor(private line: InterruptLine, private clock: Clock, readonly fastMs: number, readonly slowMs: number, readonly quietMs: number) {
        this.sleepMs = fastMs
    }

    /**
     * Called now and then (the port's kernel tick): slows the scan down to `slowMs` once no pin
     * has changed for `quietMs`. On a board the scan is most of an idle firmware's opcodes.
     */
    relax(nowNs: number): void {
        if (this.sleepMs !== this.slowMs) {
            if (nowNs - this.changedNs >= this.quietMs * 1000000) this.sleepMs = this.slowMs
        }
    }

    /** Adds a watch. Set-up time; `initial` is the pin's level now. */
    watch(pin: number, handle: PinHandle, edge: Edge, core: number, initial: number): void {
        if (this.pins.indexOf(pin) >= 0) throw new Error(`watchPin: GPIO ${pin} is already watched`)
        const kind = kindOf(edge)
        const i = this.pins.length
        this.pins.push(pin)
        this.handles.push(handle)
        this.refs.push(kind === HIGH ? 0 : kind === LOW ? 1 : initial)
        this.onChange.push(this.changeOf(i, handle, kind, core, pin))
    }

    /** Makes `scan` for the watches there are. After the last watch. */
    build(): void {
        const h = this.handles
        const r = this.refs
        const on = this.onChange
        const n = h.length
        if (n === 0) {
            this.scan = noScan
            return
        }
        const rest = n > 4 ? this.group(4) : noScan
        const a = h[0]
        const ca = on[0]
        if (n === 1) {
            this.scan = () => {
                if (a.value !== r[0]) ca()
            }
            return
        }
        const b = h[1]
        const cb = on[1]
        if (n === 2) {
            this.scan = () => {
                if (a.value !== r[0]) ca()
                if (b.value !== r[1]) cb()
            }
            return
        }
        const c = h[2]
        const cc = on[2]
        if (n === 3) {
            this.scan = () => {
                if (a.value !== r[0]) ca()
                if (b.value !== r[1]) cb()
                if (c.value !== r[2]) cc()
            }
            return
        }
        const d = h[3]
        const cd = on[3]
        this.scan = () => {
            if (a.value !== r[0]) ca()
            if (b.value !== r[1]) cb()
            if (c.value !== r[2]) cc()
            if (d.value !== r[3]) cd()
            rest()
        }
    }

    /**
     * Compares watches `first`.. in groups of four. A group's slots past the last watch hold a
     * pin that reads 0 against a ref of 0: they never differ.
     */
    private group(first: number): () => void {
        const h = this.handles
        const r = this.refs
        const steady: PinHandle = { value: 0 }
        while (r.length < first + 4) r.push(0)
        const rest = first + 4 < h.length ? this.group(first + 4) : noScan
        const at = (i: number) => (first + i < h.length ? h[first + i] : steady)
        const handlers = this.onChange
        const on = (i: number) => (first + i < h.length ? handlers[first + i] : noScan)
        const a = at(0)
        const b = at(1)
        const c = at(2)
        const d = at(3)
        const ca = on(0)
        const cb = on(1)
        const cc = on(2)
        const cd = on(3)
        const i0 = first
        return () => {
            if (a.value !== r[i0]) ca()
            if (b.value !== r[i0 + 1]) cb()
            if (c.value !== r[i0 + 2]) cc()
            if (d.value !== r[i0 + 3]) cd()
            rest()
        }
    }

    /**
     * What watch i does when its pin reads other than `refs[i]`: for an edge watch the level
     * changed (the new level becomes the ref; the line is raised for the watch's edge), for a
     * level watch the level is active (the line is raised at every scan while it is).
     */
    private changeOf(i: number, h: PinHandle, kind: number, core: number, pin: number): () => void {
        const self = this
        const r = this.refs
        if (kind === RISING)
            return () => {
                const v = h.value
                r[i] = v
                self.sleepMs = self.fastMs
                if (v === 1) self.fire(core, pin, 1)
            }
        if (kind === FALLING)
            return () => {
                const v = h.value
                r[i] = v
                self.sleepMs = self.fastMs
                if (v === 0) self.fire(core, pin, 0)
            }
        if (kind === BOTH)
            return () => {
                const v = h.value
                r[i] = v
                self.sleepMs = self.fastMs
                self.fire(core, pin, v)
            }
        const active = kind === HIGH ? 1 : 0
        return () => {
            self.sleepMs = self.fastMs
            self.fire(core, pin, active)
        }
    }

    /** Raises the GPIO bank line for `pin` at `level`, stamped now (and noted: the pins are busy). */
    private fire(core: number, pin: number, level: number): void {
        const now = this.clock.nowNs()
        this.changedNs = now
        this.line.raiseAt(core, pin, level, now)
    }

    /** The level of watched `pin` was just set (a test hook): the scan's comparison for it alone. Returns true when the line was raised. */
    sample(pin: number): boolean {
        const i = this.pins.indexOf(pin)
        if (i < 0) return false
        if (this.handles[i].value === this.refs[i]) return false
        const before = this.line.count()
        this.onChange[i]()
        return this.line.count() !== before
    }
}
