/**
 * Time source injected into the kernel. The kernel never reads wall time: every timestamp
 * (event stamps, run start/end) comes from the clock its host hands it.
 *
 * Units are nanoseconds, as a whole number held in a double (exact up to 2^53 ns, about 104 days).
 */
export interface Clock {
    /** Current time in nanoseconds since the host's epoch (boot, or simulation start). */
    nowNs(): number
}

/**
 * A clock that moves only when told to. Used by tests and by hosts that own time themselves.
 *
 * `advanceNs` takes a delta and `setNs` an absolute time; the two are deliberately separate
 * methods so that a caller can never pass one where the other was meant.
 */
export class ManualClock implements Clock {
    private now = 0

    constructor(startNs?: number) {
        if (startNs !== undefined) this.setNs(startNs)
    }

    nowNs(): number {
        return this.now
    }

    /** Moves time forward by `deltaNs` (>= 0). */
    advanceNs(deltaNs: number): void {
        if (!(deltaNs >= 0)) throw new Error(`ManualClock.advanceNs: delta must be >= 0, got ${deltaNs}`)
        this.now += deltaNs
    }

    /** Sets the absolute time; time never goes backwards. */
    setNs(absNs: number): void {
        if (!(absNs >= this.now)) throw new Error(`ManualClock.setNs: ${absNs} ns is before now (${this.now} ns)`)
        this.now = absNs
    }
}
