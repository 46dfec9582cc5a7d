import { Hal } from "../hal/hal"
import { InterruptLine } from "../kernel/index"

/**
 * The firmware's timebase: one timer alarm firing every `periodUs`, whose line several drivers
 * share (each attaches its own ISR, as drivers share the GPIO bank line). The alarm line's value
 * is the fire count, so an ISR acts every N ticks with `ctx.value % N === 0`. One alarm for all
 * drivers leaves the others free (the ESP32-C3 has two).
 */
export class Tick {
    readonly line: InterruptLine

    /** Watches alarm `alarm` on `core` and arms it periodic. Set-up time. */
    constructor(hal: Hal, readonly alarm: number, readonly periodUs: number, core?: number) {
        if (!(periodUs >= 1000 && Math.floor(periodUs) === periodUs))
            throw new Error(`tick: period must be a whole number of us >= 1000, got ${periodUs}`)
        this.line = hal.watchAlarm(alarm, core)
        hal.armAlarm(alarm, periodUs, periodUs)
    }

    /** Ticks in `ms` milliseconds (at least 1). */
    ticksIn(ms: number): number {
        const n = Math.round((ms * 1000) / this.periodUs)
        return n < 1 ? 1 : n
    }
}
