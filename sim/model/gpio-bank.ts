/**
 * The GPIO bank: pin levels, edge and level detection, and the bank interrupt toward each core
 * (RP2040 IO_IRQ_BANK0 with per-core enables PROC0_INTE/PROC1_INTE; ESP32 GPIO_INTR with the
 * per-pin CPU choice of GPIO_PINn_INT_ENA).
 *
 * - A pin's level is its idle level (set by its pull), flipped by every toggle (a bouncing
 *   contact, a listed edge), and inverted while any pulse holds it; an output pin has the level
 *   the firmware drives. So pulse trains on one pin act like switches in parallel, and a toggle
 *   list with an odd number of edges leaves the pin at the other level (a press, then a release).
 * - Edge detection latches one bit per edge kind, as the hardware does (INTR EDGE_HIGH /
 *   EDGE_LOW). An edge that arrives while its bit is still latched is merged into it by the
 *   hardware: it never reaches the ISR and is counted as `missed` (on the pin and its line).
 * - Level detection (high/low) asserts while the level matches and the pin is not masked. The
 *   ISR masks the pin when it identifies the level (see `enter`), and the driver re-arms it.
 * - A pin's interrupt goes to one core. The bank asserts its line toward core c while any pin
 *   routed to c has a latched edge or an active unmasked level.
 */
import { InterruptLine } from "../../src/kernel"
import { Edge } from "../../src/hal/hal"
import { InterruptController } from "./interrupt-controller"
import { IrqService } from "./irq-service"
import { Recorder } from "./recorder"
import { SimClock } from "./sim-clock"

export const EDGE_CODES: { [e: string]: number } = { rising: 1, falling: 2, both: 3, high: 4, low: 5 }
const NONE = 0
const RISING = 1
const FALLING = 2
const BOTH = 3
const HIGH = 4
const LOW = 5

export class GpioPin {
    level = 0
    idleLevel = 0
    /** Pulses holding the pin inverted. */
    holders = 0
    /** Flipped by each toggle. */
    toggled = false
    isOutput = false
    detect = NONE
    core = 0
    masked = false
    riseLatched = false
    riseNs = 0
    fallLatched = false
    fallNs = 0
    /** This pin asserts the bank interrupt toward its core (and is in its core's asserting list). */
    asserting = false
    /** Position in its core's asserting list while asserting. */
    assertAt = -1
    /** Edges merged by the hardware into a latched one. */
    missed = 0
    edges = 0
    /** ISR cycles spent identifying one event of this pin. */
    isrCycles = 0
    constructor(readonly num: number) {}
}

export class GpioBank implements IrqService {
    readonly name: string
    readonly pins: GpioPin[] = []
    private byNum: (GpioPin | null)[] = []
    /**
     * Pins asserting toward each core, in no order (so that an ISR costs the simulator O(its
     * events), not O(pins)); `assertingCount` of each list are in use. The lists never shrink,
     * so pushing and removing never allocates.
     */
    private asserting: GpioPin[][] = []
    private assertingCount: number[] = []
    /** The ISR's view of the asserting pins, sorted by pin number. */
    private scratch: GpioPin[] = []
    /** Events identified by the ISR in service on each core: pin, level, stamp. */
    private pendPin: number[][] = []
    private pendLevel: number[][] = []
    private pendNs: number[][] = []
    private pendCount: number[] = []
    /** The kernel's line for the bank (set by the port before the first interrupt). */
    line: InterruptLine | null = null

    constructor(
        name: string,
        pinNumbers: number[],
        cores: number,
        /** Index of the bank's line in every core's controller. */
        private lineIndex: number,
        private controllers: InterruptController[],
        private clock: SimClock,
        private recorder: Recorder | null
    ) {
        this.name = name
        let max = 0
        for (const n of pinNumbers) if (n > max) max = n
        for (let i = 0; i <= max; i++) this.byNum.push(null)
        for (const n of pinNumbers) {
            const p = new GpioPin(n)
            this.pins.push(p)
            this.byNum[n] = p
        }
        for (let c = 0; c < cores; c++) {
            this.asserting.push([])
            this.assertingCount.push(0)
            this.pendPin.push([])
            this.pendLevel.push([])
            this.pendNs.push([])
            this.pendCount.push(0)
        }
    }

    /** The pin, or null when the board has no such GPIO. */
    pin(num: number): GpioPin | null {
        return num >= 0 && num < this.byNum.length ? this.byNum[num] : null
    }

    private must(num: number): GpioPin {
        const p = this.pin(num)
        if (p === null) throw new Error(`GPIO ${num} does not exist on this board`)
        return p
    }

    /** Sets a pin's pull (its idle level). Set-up time. */
    setIdle(num: number, level: number): void {
        const p = this.must(num)
        p.idleLevel = level
        if (p.holders === 0 && !p.toggled && !p.isOutput) p.level = level
    }

    /** Enables detection on a pin, toward `core`. Set-up time. */
    watch(num: number, edge: Edge, core: number, isrCycles: number): void {
        const p = this.must(num)
        if (p.detect !== NONE) throw new Error(`GPIO ${num} is already watched`)
        p.detect = EDGE_CODES[edge]
        p.core = core
        p.isrCycles = isrCycles
        this.asserting[core].push(p)
        this.scratch.push(p)
        // Room for two events per watched pin (a rise and a fall) per ISR.
        for (let k = 0; k < 2; k++) {
            this.pendPin[core].push(0)
            this.pendLevel[core].push(0)
            this.pendNs[core].push(0)
        }
        this.update(p)
    }

    /** A pulse takes (`on`) or releases its hold on a pin. */
    hold(num: number, on: boolean): void {
        const p = this.byNum[num] as GpioPin
        if (on) p.holders++
        else if (p.holders > 0) p.holders--
        this.settle(p)
    }

    /** A toggle: the pin's level flips (while no pulse holds it, it shows at once). */
    toggle(num: number): void {
        const p = this.byNum[num] as GpioPin
        p.toggled = !p.toggled
        this.settle(p)
    }

    /** Sets the level the stimulus gives an input pin. */
    private settle(p: GpioPin): void {
        if (p.isOutput) return
        let level = p.idleLevel
        if (p.toggled) level = 1 - level
        if (p.holders > 0) level = 1 - level
        this.setLevel(p, level)
    }

    /** The firmware drives an output pin. */
    drive(num: number, level: number): void {
        const p = this.must(num)
        p.isOutput = true
        this.setLevel(p, level === 0 ? 0 : 1)
    }

    level(num: number): number {
        return this.must(num).level
    }

    /** Masks (level detection) or unmasks a pin's interrupt. */
    mask(num: number, on: boolean): void {
        const p = this.must(num)
        p.masked = on
        this.update(p)
    }

    private setLevel(p: GpioPin, level: number): void {
        if (p.level === level) return
        p.level = level
        p.edges++
        if (this.recorder !== null) this.recorder.pin(p.num, level, this.clock.nowNs())
        const d = p.detect
        if (d === NONE) return
        if (d === HIGH || d === LOW) {
            this.update(p)
            return
        }
        // An edge pin: only an edge it detects changes what it asserts.
        if (level === 1 ? d === FALLING : d === RISING) return
        if (level === 1 ? p.riseLatched : p.fallLatched) {
            this.miss(p)
            return
        }
        if (level === 1) {
            p.riseLatched = true
            p.riseNs = this.clock.nowNs()
        } else {
            p.fallLatched = true
            p.fallNs = this.clock.nowNs()
        }
        this.update(p)
    }

    private miss(p: GpioPin): void {
        p.missed++
    }

    /** Recomputes whether `p` asserts its core's bank interrupt. */
    private update(p: GpioPin): void {
        const d = p.detect
        const on =
            d !== NONE &&
            (p.riseLatched || p.fallLatched || (!p.masked && ((d === HIGH && p.level === 1) || (d === LOW && p.level === 0))))
        if (on === p.asserting) return
        p.asserting = on
        const c = p.core
        const list = this.asserting[c]
        if (on) {
            p.assertAt = this.assertingCount[c]++
            list[p.assertAt] = p
        } else {
            const last = list[--this.assertingCount[c]]
            list[p.assertAt] = last
            last.assertAt = p.assertAt
            p.assertAt = -1
        }
        this.controllers[c].assert(this.lineIndex, this.assertingCount[c] > 0)
    }

    /**
     * ISR entry on `core`: identifies every event of the pins routed there, pin by pin in pin
     * order (each pin's edges in the order they happened), clears the latches and masks level
     * pins. Returns the ISR cycles for them.
     */
    enter(core: number): number {
        const k = this.assertingCount[core]
        if (k === 1) {
            // One pin (the usual case): nothing to sort.
            const p = this.asserting[core][0]
            const n = this.identify(p, core, 0)
            this.update(p)
            this.pendCount[core] = n
            return n * p.isrCycles
        }
        // The asserting pins, in pin order (insertion sort: there are few). A copy, because
        // `update` takes pins off the asserting list.
        const live = this.asserting[core]
        const list = this.scratch
        for (let i = 0; i < k; i++) {
            const p = live[i]
            let j = i
            while (j > 0 && list[j - 1].num > p.num) {
                list[j] = list[j - 1]
                j--
            }
            list[j] = p
        }
        let n = 0
        let cycles = 0
        for (let i = 0; i < k; i++) {
            const p = list[i]
            const before = n
            n = this.identify(p, core, n)
            cycles += (n - before) * p.isrCycles
            this.update(p)
        }
        this.pendCount[core] = n
        return cycles
    }

    /**
     * The ISR reads pin `p`: its events go to `core`'s pending list from position `n` (a level,
     * or its latched edges in the order they happened); its latches clear and a level pin is
     * masked. Returns the new length of the list.
     */
    private identify(p: GpioPin, core: number, n: number): number {
        const pins = this.pendPin[core]
        const levels = this.pendLevel[core]
        const stamps = this.pendNs[core]
        const d = p.detect
        if (d === HIGH || d === LOW) {
            pins[n] = p.num
            levels[n] = p.level
            stamps[n] = this.clock.nowNs()
            p.masked = true
            return n + 1
        }
        const riseFirst = p.riseLatched && (!p.fallLatched || p.riseNs <= p.fallNs)
        for (let k = 0; k < 2; k++) {
            const rise = k === 0 ? riseFirst : !riseFirst
            if (rise ? !p.riseLatched : !p.fallLatched) continue
            pins[n] = p.num
            levels[n] = rise ? 1 : 0
            stamps[n] = rise ? p.riseNs : p.fallNs
            n++
        }
        p.riseLatched = false
        p.fallLatched = false
        return n
    }

    private noLine(): Error {
        return new Error(`${this.name}: interrupt taken before the kernel's line was registered`)
    }

    /** ISR return on `core`: raises the kernel's line once per identified event. */
    exit(core: number): number {
        const n = this.pendCount[core]
        const line = this.line
        if (line === null) throw this.noLine()
        const pins = this.pendPin[core]
        const levels = this.pendLevel[core]
        const stamps = this.pendNs[core]
        for (let i = 0; i < n; i++) line.raiseAt(core, pins[i], levels[i], stamps[i])
        this.pendCount[core] = 0
        return n
    }
}
