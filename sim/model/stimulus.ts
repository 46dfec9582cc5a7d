/**
 * Stimulus generators (SPEC 3.2): each drives one GPIO pin through the bank's `hold`, as a
 * switch or a signal source wired to it would. A generator is an agent: it acts first at
 * `firstNs`; `act` does what is due now and returns how long until it acts next (NEVER when it
 * is done): a delay, not a time, so that no boxed number passes (see Agenda).
 *
 * - Pulse trains (`periodic`, `burst`, `poisson`): each pulse takes the pin to its active level
 *   for `width` and releases it. Pulses of one generator never overlap: a pulse that would start
 *   before the previous one ended starts 1 ns after it.
 * - Toggle lists (`bounce`, `edges`): each listed time flips the pin, so a `bounce` with an odd
 *   number of edges leaves the pin at its other level (a press; the next odd bounce releases).
 *
 * The times above are the pin's; a generator acts when the chip sees each change, through the
 * driver's input synchroniser (`seenNs`: input-sync.ts). So a pulse too short for the
 * synchroniser shows as two changes at one instant, which the GPIO bank drops as a glitch.
 */
import { Agenda, NEVER } from "./agenda"
import { Rng } from "./rng"
import { SimClock } from "./sim-clock"

export interface PinDriver {
    hold(pin: number, on: boolean): void
    toggle(pin: number): void
    /** When the chip sees a change the pin makes at `rawNs`. */
    seenNs(rawNs: number): number
}

export interface Stimulus {
    readonly pin: number
    /** When it acts first (NEVER: never). */
    readonly firstNs: number
    /** Does what is due now; returns the time until it acts next (NEVER: done). */
    act(): number
}

/**
 * Generator `s`, agent `id`, acts now: it goes on in the same step while its next change comes
 * before anything else in the model (Agenda.isNext), then schedules itself.
 */
export function actStimulus(s: Stimulus, id: number, agenda: Agenda, clock: SimClock): void {
    let delay = s.act()
    while (delay !== NEVER && agenda.isNextIn(id, delay)) {
        clock.setNs(clock.nowNs() + delay)
        delay = s.act()
    }
    agenda.scheduleIn(id, delay)
}

/** Start time of pulse k (0, 1, ...), or NEVER after the last. */
type NextStart = (k: number, prevStart: number) => number

export class PulseTrain implements Stimulus {
    readonly firstNs: number
    /** When the pin changes next, and when the chip sees that change (when the generator acts). */
    private nextNs: number
    private seenNs: number
    private k = 0
    private active = false
    private startNs: number

    constructor(readonly pin: number, private driver: PinDriver, private widthNs: number, private nextStart: NextStart) {
        this.startNs = nextStart(0, 0)
        this.nextNs = this.startNs
        this.seenNs = driver.seenNs(this.startNs)
        this.firstNs = this.seenNs
    }

    act(): number {
        const now = this.nextNs
        const seen = this.seenNs
        if (!this.active) {
            this.active = true
            this.driver.hold(this.pin, true)
            this.nextNs = now + this.widthNs
        } else {
            this.active = false
            this.driver.hold(this.pin, false)
            this.k++
            const next = this.nextStart(this.k, this.startNs)
            if (next === NEVER) {
                this.nextNs = NEVER
                return NEVER
            }
            this.startNs = next > now ? next : now + 1
            this.nextNs = this.startNs
        }
        this.seenNs = this.driver.seenNs(this.nextNs)
        return this.seenNs - seen
    }

    static periodic(pin: number, driver: PinDriver, startNs: number, periodNs: number, widthNs: number, count: number): PulseTrain {
        return new PulseTrain(pin, driver, widthNs, k => (k < count ? startNs + k * periodNs : NEVER))
    }

    static burst(pin: number, driver: PinDriver, atNs: number, count: number, spacingNs: number, widthNs: number): PulseTrain {
        return PulseTrain.periodic(pin, driver, atNs, spacingNs, widthNs, count)
    }

    /** Pulses whose starts form a Poisson process of `rateHz` from `startNs`, from a seeded stream. */
    static poisson(pin: number, driver: PinDriver, startNs: number, rateHz: number, widthNs: number, count: number, rng: Rng): PulseTrain {
        const meanNs = 1e9 / rateHz
        return new PulseTrain(pin, driver, widthNs, (k, prev) => (k >= count ? NEVER : (k === 0 ? startNs : prev) + rng.exponentialNs(meanNs)))
    }
}

export class ToggleList implements Stimulus {
    readonly firstNs: number
    private i = 0
    /** When the chip sees the change it makes now. */
    private seenNs: number

    /** `timesNs` must be strictly increasing (the scenario loader checks). */
    constructor(readonly pin: number, private driver: PinDriver, private timesNs: number[]) {
        this.seenNs = timesNs.length > 0 ? driver.seenNs(timesNs[0]) : NEVER
        this.firstNs = this.seenNs
    }

    act(): number {
        this.driver.toggle(this.pin)
        const times = this.timesNs
        const i = ++this.i
        if (i >= times.length) return NEVER
        const seen = this.seenNs
        this.seenNs = this.driver.seenNs(times[i])
        return this.seenNs - seen
    }

    static bounce(pin: number, driver: PinDriver, atNs: number, edges: number, spacingNs: number): ToggleList {
        const times: number[] = []
        for (let k = 0; k < edges; k++) times.push(atNs + k * spacingNs)
        return new ToggleList(pin, driver, times)
    }
}
