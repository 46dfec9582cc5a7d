import { Hal } from "../hal/hal"
import { Dpc, DpcContext, EventBatch, Kernel, Source } from "../kernel/index"
import { Tick } from "./tick"

export interface SamplerOptions {
    /** Prefix of the DPC and source names; default `sampler`. */
    name?: string
    /** Digital input sampled. */
    pin: number
    /** Sample every N ticks. Default 1. */
    everyTicks?: number
    /** Samples per window (one duty-cycle reading). Default 100. */
    window?: number
}

/**
 * A periodic sampler on the timer alarm: reads a digital input at a fixed rate and reports the
 * fraction of time it was high, per window of samples. One ISR, two DPCs:
 *
 *   ISR    on the tick line, every `everyTicks` ticks: reads the pin (sampling at interrupt time
 *          keeps the sampling instants regular) -> `<name>.sample` with the level.
 *   <name>.sample  accumulates the levels; when a window is full -> `<name>.report` with its
 *          count of highs. Several samples in one run (the DPC ran late) are still all counted.
 *   <name>.report  keeps the latest duty cycle and the number of windows.
 */
export class Sampler {
    readonly pin: number
    readonly window: number
    readonly sample: Dpc
    readonly report: Dpc
    readonly sampleSource: Source
    readonly windowSource: Source

    // Owned by the sample DPC.
    samples = 0
    /** Samples that waited for a run that took several (the DPC ran late). */
    late = 0
    private inWindow = 0
    private highs = 0

    // Owned by the report DPC.
    windows = 0
    /** High samples of the latest window, in percent. */
    dutyPct = 0

    constructor(kernel: Kernel, hal: Hal, tick: Tick, opts: SamplerOptions) {
        const self = this
        const name = opts.name === undefined ? "sampler" : opts.name
        const every = opts.everyTicks === undefined ? 1 : opts.everyTicks
        const window = opts.window === undefined ? 100 : opts.window
        if (!(every >= 1 && Math.floor(every) === every)) throw new Error(`${name}: everyTicks must be a whole number >= 1, got ${every}`)
        if (!(window >= 1 && Math.floor(window) === window)) throw new Error(`${name}: window must be a whole number >= 1, got ${window}`)
        this.pin = opts.pin
        this.window = window
        this.sample = kernel.addDpc({ name: `${name}.sample`, routine: (ev, ctx) => self.onSamples(ev, ctx) })
        this.report = kernel.addDpc({ name: `${name}.report`, routine: ev => self.onWindows(ev) })
        this.sampleSource = kernel.addSource(`${name}`, tick.line)
        this.windowSource = kernel.addSource(`${name}.window`, tick.line)
        kernel.addDriver({
            name: name,
            lines: [tick.line],
            dpcs: [self.sample, self.report],
            isr: ctx => {
                if (ctx.value % every === 0) ctx.request(self.sample, self.sampleSource, hal.readPin(self.pin))
            },
        })
    }

    private onSamples(ev: EventBatch, ctx: DpcContext): void {
        if (ev.count > 1) this.late += ev.count - 1
        for (let i = 0; i < ev.count; i++) {
            const v = ev.value(i)
            if (v !== 0 && v !== 1) throw new Error(`sampler: GPIO ${this.pin} read ${v}, expected 0 or 1`)
            this.samples++
            this.highs += v
            this.inWindow++
            if (this.inWindow === this.window) {
                ctx.request(this.report, this.windowSource, this.highs)
                this.inWindow = 0
                this.highs = 0
            }
        }
    }

    private onWindows(ev: EventBatch): void {
        for (let i = 0; i < ev.count; i++) {
            this.windows++
            this.dutyPct = (ev.value(i) * 100) / this.window
        }
    }
}
