/**
 * The input synchroniser in front of a chip's GPIO edge detector: the pin is sampled on each
 * edge of a clock (RP2040 clk_sys; ESP32 family APB_CLK) and the logic sees the sample `stages`
 * clock periods later (two flip-flops on both chips; see the board file's gpio.inputSync).
 *
 * So a level change at time t is seen at the first sampling edge at or after t, plus the
 * stages; and a pulse that spans no sampling edge is not seen at all: both its edges are seen
 * at the same instant, where the GPIO bank takes them as a glitch no sample saw.
 *
 * Sampling edge k is at ceil(k x period) ns (whole nanoseconds; the period need not be).
 */
export class InputSync {
    private periodNs: number
    /** The period is whole nanoseconds (RP2040's 8 ns): no rounding of the sampling edges. */
    private whole: boolean

    constructor(clockHz: number, private stages: number) {
        if (!(clockHz > 0)) throw new Error(`input synchroniser: clock must be > 0 Hz, got ${clockHz}`)
        this.periodNs = 1e9 / clockHz
        this.whole = Number.isInteger(this.periodNs)
    }

    /** When the chip's logic sees a change the pin makes at `rawNs` (NEVER, infinite, stays NEVER). */
    seenNs(rawNs: number): number {
        const t = this.periodNs
        const k = Math.ceil(rawNs / t) + this.stages
        return this.whole ? k * t : Math.ceil(k * t)
    }
}
