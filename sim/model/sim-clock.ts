import { Clock } from "../../src/kernel"

/**
 * Virtual time of a simulated board, in whole nanoseconds. Only the board's run loop moves it
 * (to the due time of the agent acting next); the kernel, the HAL port and every model part
 * read it. There is no wall time anywhere in the model.
 */
export class SimClock implements Clock {
    private now = 0

    nowNs(): number {
        return this.now
    }

    nowUs(): number {
        return this.now / 1000
    }

    /** Moves time to `absNs`; time never goes backwards. Called by the run loop only. */
    setNs(absNs: number): void {
        if (!(absNs >= this.now)) backwards(absNs, this.now)
        this.now = absNs
    }
}

/** (Out of setNs, which stays small enough to inline.) */
function backwards(absNs: number, now: number): never {
    throw new Error(`SimClock.setNs: ${absNs} ns is before now (${now} ns)`)
}

/** Whole nanoseconds that `cycles` take at `clockHz`, rounded up (no float drift: each duration is rounded once). */
export function cyclesToNs(cycles: number, clockHz: number): number {
    return Math.ceil((cycles * 1e9) / clockHz)
}
