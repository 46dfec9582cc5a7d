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
    /** Samples per window (one duty-cycle reading). Default: a second's worth. */
    window?: number
    /** Samples `<name>.sample` takes in one run (its budget; its ring holds twice as many). Default 10. */
    batch?: number
}

/**
 * A periodic sampler on the timer alarm: reads a digital input at a fixed rate and reports the
 * fraction of time it was high, per window of samples. One ISR, two DPCs:
 *
 *   ISR    on the tick line, every `everyTicks` ticks: reads the pin (sampling at interrupt time
 *          keeps the sampling instants regular) -> `<name>.sample` with the level.
 *   <name>.sample  accumulates the levels; when a window is full -> `<name>.report` with its
 *          count of highs. Importance `low`: it runs in batches of `batch` samples (or at the
 *          kernel's tick), not once a sample.
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
        const window = opts.window === undefined ? Math.round(tick.ticksIn(1000) / every) : opts.window
        if (!(every >= 1 && Math.floor(every) === every)) throw new Error(`${name}: everyTicks must be a whole number >= 1, got ${every}`)
        if (!(window >= 1 && Math.floor(window) === window)) throw new Error(`${name}: window must be a whole number >= 1, got ${window}`)
        this.pin = opts.pin
        this.window = window
        const batch = opts.batch === undefined ? 10 : opts.batch
        if (!(batch >= 1 && Math.floor(batch) === batch)) throw new Error(`${name}: batch must be a whole number >= 1, got ${batch}`)
        this.sample = kernel.addDpc({
            name: `${name}.sample`,
            importance: "low",
            ring: 2 * batch,
            budgetEvents: batch,
            routine: (ev, ctx) => self.onSamples(ev, ctx),
        })
        this.report = kernel.addDpc({ name: `${name}.report`, routine: ev => self.onWindows(ev) })
        this.sampleSource = kernel.addSource(`${name}`, tick.line)
        this.windowSource = kernel.addSource(`${name}.window`, tick.line)
        // The ISR reads what it needs from locals (each property look-up is a VM opcode on a board).
        const pin = this.pin
        const sample = this.sample
        const sampleSource = this.sampleSource
        kernel.addDriver({
            name: name,
            lines: [tick.line],
            dpcs: [sample, self.report],
            isr: ctx => {
                if (ctx.value % every === 0) ctx.request(sample, sampleSource, hal.readPin(pin))
            },
        })
    }

    private onSamples(ev: EventBatch, ctx: DpcContext): void {
        const n = ev.count
        let inWindow = this.inWindow
        let highs = this.highs
        for (let i = 0; i < n; i++) {
            const v = ev.value(i)
            if (v !== 0) {
                if (v !== 1) throw new Error(`sampler: GPIO ${this.pin} read ${v}, expected 0 or 1`)
                highs = highs + 1
            }
            inWindow = inWindow + 1
            if (inWindow === this.window) {
                ctx.request(this.report, this.windowSource, highs)
                inWindow = 0
                highs = 0
            }
        }
        this.samples += n
        this.inWindow = inWindow
        this.highs = highs
    }

    private onWindows(ev: EventBatch): void {
        for (let i = 0; i < ev.count; i++) {
            this.windows++
            this.dutyPct = (ev.value(i) * 100) / this.window
        }
    }
}
