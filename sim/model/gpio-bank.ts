/**
 * The GPIO bank's hardware: pin levels, the input synchroniser, edge latches and level
 * detection, and the bank interrupt toward each core (RP2040 IO_IRQ_BANK0 with per-core
 * enables PROC0_INTE/PROC1_INTE; ESP32 GPIO_INTR with the per-pin CPU choice of
 * GPIO_PINn_INT_ENA). What the SDK's handler does with it is gpio-handler.ts.
 *
 * - A pin's level is its idle level (set by its pull), flipped by every toggle (a bouncing
 *   contact, a listed edge), and inverted while any pulse holds it; an output pin has the level
 *   the firmware drives. So pulse trains on one pin act like switches in parallel, and a toggle
 *   list with an odd number of edges leaves the pin at the other level (a press, then a release).
 * - The bank sees an input through its synchroniser (input-sync.ts): stimulus changes the pin
 *   at the instant the synchroniser passes it on (`seenNs`). Two changes of one pin at the same
 *   instant are a pulse no sampling edge saw: the second undoes the first (`revert`).
 * - Edge latches, as the board file's gpio.latch says:
 *     per-edge  one latch per edge kind and pin (RP2040 INTR EDGE_HIGH / EDGE_LOW): a rise and
 *               a fall are two events;
 *     per-pin   one status bit per pin (ESP32 family GPIO_STATUS), set by any edge the pin's
 *               int_type detects: a rise and a fall before the handler clears it are one event.
 *   An edge that finds its latch still set merges into it: it never reaches the ISR and is
 *   counted as `missed` (on the pin and its line). A latch the handler has read stays set
 *   until the handler acknowledges it (`acknowledge`, with the time the clear takes effect), so
 *   an edge in between merges too.
 * - Level detection (high/low) asserts while the level matches and the pin is not masked. The
 *   handler masks the pin when it identifies the level, and the driver re-arms it.
 * - A pin's interrupt goes to one core. The bank asserts its line toward core c while any pin
 *   routed to c has a latched edge or an active unmasked level.
 */
import { Edge } from "../../src/hal/hal"
import { InputSync } from "./input-sync"
import { InterruptController } from "./interrupt-controller"
import { Recorder } from "./recorder"
import { SimClock } from "./sim-clock"

export const EDGE_CODES: { [e: string]: number } = { rising: 1, falling: 2, both: 3, high: 4, low: 5 }
export const NONE = 0
export const RISING = 1
export const FALLING = 2
export const BOTH = 3
export const HIGH = 4
export const LOW = 5

/** What the last level change of a pin did, so that a change at the same instant can undo it. */
const DID_NOTHING = 0
const DID_RISE = 1
const DID_FALL = 2
const DID_STATUS = 3
const DID_MISS = 4

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
    // per-edge latches (RP2040 EDGE_HIGH / EDGE_LOW): set, when, and set until (read, not yet acknowledged)
    riseLatched = false
    riseNs = 0
    riseHeldNs = 0
    fallLatched = false
    fallNs = 0
    fallHeldNs = 0
    // per-pin status bit (ESP32 family)
    statusLatched = false
    statusNs = 0
    statusHeldNs = 0
    /** This pin asserts the bank interrupt toward its core (and is in its core's asserting list). */
    asserting = false
    /** Position in its core's asserting list while asserting. */
    assertAt = -1
    /** Edges merged by the hardware into a latched one. */
    missed = 0
    /** Level changes the chip saw. */
    edges = 0
    /** When the level last changed (-1: not yet), and what that change did. */
    changedNs = -1
    did = DID_NOTHING
    constructor(readonly num: number) {}
}

export class GpioBank {
    readonly pins: GpioPin[] = []
    private byNum: (GpioPin | null)[] = []
    /**
     * Pins asserting toward each core, in no order (so that an ISR costs the simulator O(its
     * events), not O(pins)); `assertingCount` of each list are in use. The lists never shrink,
     * so pushing and removing never allocates. Read by the handler.
     */
    readonly asserting: GpioPin[][] = []
    readonly assertingCount: number[] = []
    /** One status bit per pin (ESP32 family) instead of a latch per edge kind. */
    readonly perPinLatch: boolean

    constructor(
        readonly name: string,
        pinNumbers: number[],
        cores: number,
        latch: "per-edge" | "per-pin",
        private sync: InputSync,
        /** Index of the bank's line in every core's controller. */
        readonly lineIndex: number,
        private controllers: InterruptController[],
        private clock: SimClock,
        private recorder: Recorder | null
    ) {
        this.perPinLatch = latch === "per-pin"
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

    /** When the bank sees a change an input pin makes at `rawNs` (the synchroniser's delay). */
    seenNs(rawNs: number): number {
        return this.sync.seenNs(rawNs)
    }

    /** Sets a pin's pull (its idle level). Set-up time. */
    setIdle(num: number, level: number): void {
        const p = this.must(num)
        p.idleLevel = level
        if (p.holders === 0 && !p.toggled && !p.isOutput) p.level = level
    }

    /** Enables detection on a pin, toward `core`. Set-up time. */
    watch(num: number, edge: Edge, core: number): GpioPin {
        const p = this.must(num)
        if (p.detect !== NONE) throw new Error(`GPIO ${num} is already watched`)
        p.detect = EDGE_CODES[edge]
        p.core = core
        this.asserting[core].push(p)
        this.update(p)
        return p
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
        const now = this.clock.nowNs()
        if (now === p.changedNs) {
            this.revert(p, level)
            return
        }
        p.level = level
        p.changedNs = now
        p.did = DID_NOTHING
        p.edges++
        if (this.recorder !== null) this.recorder.pin(p.num, level, now)
        const d = p.detect
        if (d === NONE) return
        if (d >= HIGH) {
            this.update(p)
            return
        }
        // An edge pin: only an edge it detects changes what it asserts.
        if (level === 1 ? d === FALLING : d === RISING) return
        this.latch(p, level)
    }

    /** A detected edge of `p` to `level`, now: it sets its latch, or merges into it. */
    private latch(p: GpioPin, level: number): void {
        const now = this.clock.nowNs()
        if (this.perPinLatch) {
            if (p.statusLatched || now < p.statusHeldNs) return this.miss(p)
            p.statusLatched = true
            p.statusNs = now
            p.did = DID_STATUS
        } else if (level === 1) {
            if (p.riseLatched || now < p.riseHeldNs) return this.miss(p)
            p.riseLatched = true
            p.riseNs = now
            p.did = DID_RISE
        } else {
            if (p.fallLatched || now < p.fallHeldNs) return this.miss(p)
            p.fallLatched = true
            p.fallNs = now
            p.did = DID_FALL
        }
        this.setAsserting(p, true)
    }

    private miss(p: GpioPin): void {
        p.missed++
        p.did = DID_MISS
    }

    /**
     * A second change of `p` at the instant of its first: a pulse no sampling edge saw. Undoes
     * what the first did (a latch it set, an edge it merged); the trace shows both changes.
     * Safe because everything that reacts to the first (a core taking the interrupt) acts
     * after the stimulus at the same instant (agent order).
     */
    private revert(p: GpioPin, level: number): void {
        p.level = level
        p.changedNs = -1
        p.edges--
        if (this.recorder !== null) this.recorder.pin(p.num, level, this.clock.nowNs())
        switch (p.did) {
            case DID_RISE:
                p.riseLatched = false
                break
            case DID_FALL:
                p.fallLatched = false
                break
            case DID_STATUS:
                p.statusLatched = false
                break
            case DID_MISS:
                p.missed--
                break
        }
        p.did = DID_NOTHING
        if (p.detect !== NONE) this.update(p)
    }

    /**
     * The handler has read `p` and clears what it read: its latches (they stay set for
     * `delayNs` more, until the clear takes effect), or, for a level pin, masks it.
     */
    acknowledge(p: GpioPin, delayNs: number): void {
        const heldNs = this.clock.nowNs() + delayNs
        if (p.detect >= HIGH) p.masked = true
        else if (this.perPinLatch) {
            p.statusLatched = false
            p.statusHeldNs = heldNs
        } else {
            if (p.riseLatched) p.riseHeldNs = heldNs
            if (p.fallLatched) p.fallHeldNs = heldNs
            p.riseLatched = false
            p.fallLatched = false
        }
        // Nothing latched and a level pin masked: it no longer asserts.
        this.setAsserting(p, false)
    }

    /** Recomputes whether `p` asserts its core's bank interrupt. */
    private update(p: GpioPin): void {
        const d = p.detect
        this.setAsserting(
            p,
            d >= HIGH ? !p.masked && (d === HIGH ? p.level === 1 : p.level === 0) : d !== NONE && (this.perPinLatch ? p.statusLatched : p.riseLatched || p.fallLatched)
        )
    }

    /** Puts `p` on or off its core's asserting list and sets the bank's line toward that core. */
    private setAsserting(p: GpioPin, on: boolean): void {
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
}
