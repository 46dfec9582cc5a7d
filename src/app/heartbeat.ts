import { Hal } from "../hal/hal"
import { Dpc, DpcContext, EventBatch, Kernel, Source } from "../kernel/index"
import { Tick } from "./tick"

export interface HeartbeatOptions {
    /** Prefix of the DPC and source names; default `heartbeat`. */
    name?: string
    /** LED pin (lit when high). */
    pin: number
    /**
     * Length of one step of the blink pattern, in ms. Default 200: on a DeviceScript board each
     * step is a DPC run, and its wake also runs the `low` DPCs queued on its thread.
     */
    stepMs?: number
}

/** LED level per step (200 ms): a 200 ms blink every second while healthy, 2.5 Hz once any fault was counted. */
const HEALTHY = [1, 0, 0, 0, 0]
const FAULTY = [1, 0]

/**
 * A status LED heartbeat: shows the firmware is alive and whether the kernel has counted a fault
 * (a DPC error, a dropped event or a watchdog hit). One ISR, two DPCs:
 *
 *   ISR    on the tick line, every `stepMs` -> `<name>.beat`.
 *   <name>.beat  advances the blink pattern (chosen from the kernel's fault counters) and, when
 *          the LED must change, -> `<name>.led` with the new level. It owns the pattern state.
 *   <name>.led   drives the pin; it owns the LED.
 */
export class Heartbeat {
    readonly pin: number
    readonly beat: Dpc
    readonly led: Dpc
    readonly stepSource: Source
    readonly ledSource: Source

    // Owned by the beat DPC.
    steps = 0
    faults = 0
    private phase = -1
    private wanted = 0

    // Owned by the led DPC.
    /** LED level last driven, and pin writes made. */
    level = 0
    writes = 0

    constructor(private kernel: Kernel, private hal: Hal, tick: Tick, opts: HeartbeatOptions) {
        const self = this
        const name = opts.name === undefined ? "heartbeat" : opts.name
        const stepMs = opts.stepMs === undefined ? 200 : opts.stepMs
        if (!(stepMs > 0)) throw new Error(`${name}: stepMs must be > 0, got ${stepMs}`)
        this.pin = opts.pin
        hal.writePin(this.pin, 0)
        this.beat = kernel.addDpc({ name: `${name}.beat`, routine: (ev, ctx) => self.onStep(ctx) })
        this.led = kernel.addDpc({ name: `${name}.led`, routine: ev => self.onLed(ev) })
        this.stepSource = kernel.addSource(`${name}`, tick.line)
        this.ledSource = kernel.addSource(`${name}.led`, tick.line)
        const every = tick.ticksIn(stepMs)
        const beat = this.beat
        const stepSource = this.stepSource
        kernel.addDriver({
            name: name,
            lines: [tick.line],
            dpcs: [beat, self.led],
            isr: ctx => {
                if (ctx.value % every === 0) ctx.request(beat, stepSource, ctx.value)
            },
        })
    }

    private onStep(ctx: DpcContext): void {
        this.faults = this.kernel.faultCount
        const pattern = this.faults > 0 ? FAULTY : HEALTHY
        this.phase = (this.phase + 1) % pattern.length
        this.steps++
        const want = pattern[this.phase]
        if (want !== this.wanted) {
            this.wanted = want
            ctx.request(this.led, this.ledSource, want)
        }
    }

    private onLed(ev: EventBatch): void {
        // Only the latest level matters when several changes waited.
        const v = ev.value(ev.count - 1)
        this.hal.writePin(this.pin, v)
        this.level = v
        this.writes++
    }
}
