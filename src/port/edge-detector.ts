import { Edge, Pull } from "../hal/hal"
import { InterruptLine } from "../kernel/index"

/**
 * The GPIO "interrupt controller" of the DeviceScript port: which pins are watched for which
 * condition, the level each had last, and the one entry point, `sample(pin, level)`, through
 * which every pin event reaches the kernel (the EdgePoller's scan and the test hooks alike).
 * A matching sample raises the GPIO bank line with status = pin, value = level.
 *
 * Edge conditions fire on a change; level conditions (`high`, `low`) fire on every sample that
 * finds the level, as a level-triggered interrupt keeps firing while its level holds.
 */
export class EdgeDetector {
    readonly pins: number[] = []
    private edges: Edge[] = []
    private cores: number[] = []
    private last: number[] = []
    /** Samples that raised the line, per watch (same order as `pins`). */
    readonly raised: number[] = []

    constructor(private line: InterruptLine) {}

    /** Adds a watch. Set-up time; `initial` is the pin's level now. */
    watch(pin: number, edge: Edge, core: number, initial: number): void {
        if (this.pins.indexOf(pin) >= 0) throw new Error(`watchPin: GPIO ${pin} is already watched`)
        this.pins.push(pin)
        this.edges.push(edge)
        this.cores.push(core)
        this.last.push(initial)
        this.raised.push(0)
    }

    isWatched(pin: number): boolean {
        return this.pins.indexOf(pin) >= 0
    }

    /**
     * A pin was seen at `level`: raises the line (runs the ISRs now) when the watch's condition
     * holds. Returns true when it raised. Unwatched pins are ignored.
     */
    sample(pin: number, level: number): boolean {
        const i = this.pins.indexOf(pin)
        if (i < 0) return false
        const prev = this.last[i]
        this.last[i] = level
        const e = this.edges[i]
        const hit =
            e === "both" ? prev !== level
            : e === "rising" ? prev === 0 && level === 1
            : e === "falling" ? prev === 1 && level === 0
            : e === "high" ? level === 1
            : level === 0
        if (!hit) return false
        this.raised[i]++
        this.line.raise(this.cores[i], pin, level)
        return true
    }
}

/** The level an input with `pull` rests at. */
export function restLevel(pull: Pull): number {
    return pull === "up" ? 1 : 0
}
