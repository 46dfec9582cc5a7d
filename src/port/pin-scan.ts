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

/** A watch's change handler: what it does when its pin reads other than expected; returns what to expect next. */
type Change = () => number

/** The scan of up to four watches, and each watch's comparison alone (the test hook's). */
interface Group {
    scan: () => void
    check: (() => boolean)[]
}

/**
 * The GPIO "interrupt controller" of the DeviceScript port. DeviceScript gives programs no pin
 * interrupt (src/port/README.md), so the port's pin-scan fiber calls `scan` every period (1 ms)
 * and this is its whole slice: the watched pins are compared with what they are expected to
 * read, and only a difference goes further (the watch's change handler), where its condition
 * decides whether the GPIO bank line is raised (status = pin, value = level, stamped now).
 *
 * `scan` is made for the number of watched pins (`build`): up to four are compared one after
 * the other with no loop, against a variable of the scan's own (no array look-up), more in
 * groups of four, so that a tick with no edge costs about 7 VM opcodes per pin (on a board
 * every opcode costs microseconds, and the scan runs 1000 times a second while the pins are
 * busy; `relax` slows it down when they are quiet). A pin is expected to read, for an edge
 * watch, the level it read last, for a level watch (`high`, `low`) the inactive level, so that
 * an active level raises the line at every scan, as a level-triggered interrupt keeps firing
 * while its level holds.
 */
export class PinScan {
    /** Watched GPIO numbers, in watch order. */
    readonly pins: number[] = []
    /**
     * How long the scan fiber sleeps between scans: `fastMs`, or `slowMs` once no watched pin
     * has changed for `quietMs` (see `relax`). A change that raises the line makes it fast again at once.
     */
    sleepMs: number
    /** Time of the last change that raised the line (ns). */
    private changedNs = 0
    /** The scan's slice (see the class comment). Set by build(). */
    scan: () => void = noScan
    private handles: PinHandle[] = []
    /** What each watch expects to read at first. */
    private initial: number[] = []
    private onChange: Change[] = []
    /** Each watch's comparison alone (`sample`). Set by build(). */
    private check: (() => boolean)[] = []

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
        this.pins.push(pin)
        this.handles.push(handle)
        this.initial.push(kind === HIGH ? 0 : kind === LOW ? 1 : initial)
        this.onChange.push(this.changeOf(handle, kind, core, pin))
    }

    /** Makes `scan` for the watches there are. After the last watch. */
    build(): void {
        this.check = []
        this.scan = this.groupFrom(0)
    }

    /** The scan of watches `first`.. (four at a time), recording their comparisons in `check`. */
    private groupFrom(first: number): () => void {
        const n = this.handles.length - first
        if (n <= 0) return noScan
        const g = group(this.handles.slice(first, first + 4), this.initial.slice(first, first + 4), this.onChange.slice(first, first + 4))
        for (let i = 0; i < g.check.length; i++) this.check.push(g.check[i])
        if (n <= 4) return g.scan
        const head = g.scan
        const rest = this.groupFrom(first + 4)
        return () => {
            head()
            rest()
        }
    }

    /**
     * What a watch does when its pin reads other than expected: for an edge watch the level
     * changed (it is expected next; the line is raised for the watch's edge), for a level watch
     * the level is active (the line is raised at every scan while it is). A change that raises
     * the line makes the scan fast (the other edge of a one-edge watch only moves what it expects).
     */
    private changeOf(h: PinHandle, kind: number, core: number, pin: number): Change {
        const self = this
        const line = this.line
        const clock = this.clock
        const fast = this.fastMs
        if (kind === RISING)
            return () => {
                const v = h.value
                if (v === 1) {
                    self.sleepMs = fast
                    const now = clock.nowNs()
                    self.changedNs = now
                    line.raiseAt(core, pin, 1, now)
                }
                return v
            }
        if (kind === FALLING)
            return () => {
                const v = h.value
                if (v === 0) {
                    self.sleepMs = fast
                    const now = clock.nowNs()
                    self.changedNs = now
                    line.raiseAt(core, pin, 0, now)
                }
                return v
            }
        if (kind === BOTH)
            return () => {
                const v = h.value
                const now = clock.nowNs()
                self.sleepMs = fast
                self.changedNs = now
                line.raiseAt(core, pin, v, now)
                return v
            }
        const active = kind === HIGH ? 1 : 0
        return () => {
            const now = clock.nowNs()
            self.sleepMs = fast
            self.changedNs = now
            line.raiseAt(core, pin, active, now)
            return 1 - active
        }
    }

    /** The level of watched `pin` was just set (a test hook): the scan's comparison for it alone. Returns true when the line was raised. */
    sample(pin: number): boolean {
        const i = this.pins.indexOf(pin)
        if (i < 0) return false
        const before = this.line.count()
        this.check[i]()
        return this.line.count() !== before
    }
}

/**
 * The scan of one to four watches (handles `h`, first expected levels `r`, change handlers `c`)
 * with what each expects in a variable of its own, and each watch's comparison alone, sharing
 * those variables.
 */
function group(h: PinHandle[], r: number[], c: Change[]): Group {
    const n = h.length
    const hA = h[0]
    const cA = c[0]
    let rA = r[0]
    const checkA = () => {
        if (hA.value === rA) return false
        rA = cA()
        return true
    }
    if (n === 1) return { scan: () => { if (hA.value !== rA) rA = cA() }, check: [checkA] }
    const hB = h[1]
    const cB = c[1]
    let rB = r[1]
    const checkB = () => {
        if (hB.value === rB) return false
        rB = cB()
        return true
    }
    if (n === 2)
        return {
            scan: () => {
                if (hA.value !== rA) rA = cA()
                if (hB.value !== rB) rB = cB()
            },
            check: [checkA, checkB],
        }
    const hC = h[2]
    const cC = c[2]
    let rC = r[2]
    const checkC = () => {
        if (hC.value === rC) return false
        rC = cC()
        return true
    }
    if (n === 3)
        return {
            scan: () => {
                if (hA.value !== rA) rA = cA()
                if (hB.value !== rB) rB = cB()
                if (hC.value !== rC) rC = cC()
            },
            check: [checkA, checkB, checkC],
        }
    const hD = h[3]
    const cD = c[3]
    let rD = r[3]
    const checkD = () => {
        if (hD.value === rD) return false
        rD = cD()
        return true
    }
    return {
        scan: () => {
            if (hA.value !== rA) rA = cA()
            if (hB.value !== rB) rB = cB()
            if (hC.value !== rC) rC = cC()
            if (hD.value !== rD) rD = cD()
        },
        check: [checkA, checkB, checkC, checkD],
    }
}
