import { Hal } from "../hal/hal"
import { Dpc, DpcContext, EventBatch, Kernel, Source } from "../kernel/index"
import { Tick } from "./tick"

export interface TachometerOptions {
    /** Prefix of the DPC and source names; default `tach`. */
    name?: string
    pin: number
    /** How often the frequency is recomputed, in ms. Default 200. */
    gateMs?: number
    /** No rising edge for this long reads 0 Hz. Default 1000. */
    timeoutMs?: number
    /** Most edges `<name>.edge` takes in one run (its budget; its ring holds twice as many). Default 32. */
    batch?: number
}

/**
 * A pulse counter / tachometer: the frequency of the rising edges on a pin. One ISR, two DPCs:
 *
 *   ISR    on the GPIO bank line: a rising edge of the pin -> `<name>.edge` (stamped by the ISR);
 *          on the tick line: every `gateMs` -> `<name>.rate`.
 *   <name>.edge   counts edges and keeps the stamps of the first and the latest (it owns them).
 *          Importance `low`: it only counts, so it runs in batches (of up to `batch` edges, or at
 *          the kernel's tick), not once an edge; the stamps keep every edge's time.
 *   <name>.rate   frequency = whole periods between the latest edge of the previous gate and the
 *          latest edge now, over the time between those two edges. Counting periods edge to
 *          edge (not edges per gate) makes the reading exact to the stamps' resolution whatever
 *          the gate: a 1 kHz train reads 1000 Hz on the simulator's ns clock. It owns the reading.
 */
export class Tachometer {
    readonly pin: number
    readonly edge: Dpc
    readonly rate: Dpc
    readonly edgeSource: Source
    readonly gateSource: Source
    private gateTicks: number
    private timeoutNs: number

    // Owned by the edge DPC.
    edges = 0
    firstEdgeNs = 0
    lastEdgeNs = 0

    // Owned by the rate DPC.
    /** The latest reading, in Hz (0 until two edges were seen, and after timeoutMs without one). */
    frequencyHz = 0
    /** Readings computed. */
    updates = 0
    private baseEdges = 0
    private baseNs = 0
    private stopped = false

    constructor(kernel: Kernel, hal: Hal, tick: Tick, opts: TachometerOptions) {
        const self = this
        const name = opts.name === undefined ? "tach" : opts.name
        const gateMs = opts.gateMs === undefined ? 200 : opts.gateMs
        const timeoutMs = opts.timeoutMs === undefined ? 1000 : opts.timeoutMs
        if (!(gateMs > 0)) throw new Error(`${name}: gateMs must be > 0, got ${gateMs}`)
        if (!(timeoutMs >= gateMs)) throw new Error(`${name}: timeoutMs must be >= gateMs (${gateMs}), got ${timeoutMs}`)
        this.pin = opts.pin
        this.gateTicks = tick.ticksIn(gateMs)
        this.timeoutNs = timeoutMs * 1000000

        hal.watchPin(this.pin, "rising", "none")
        const batch = opts.batch === undefined ? 32 : opts.batch
        if (!(batch >= 1 && Math.floor(batch) === batch)) throw new Error(`${name}: batch must be a whole number >= 1, got ${batch}`)
        this.edge = kernel.addDpc({ name: `${name}.edge`, importance: "low", ring: 2 * batch, budgetEvents: batch, routine: ev => self.onEdges(ev) })
        this.rate = kernel.addDpc({ name: `${name}.rate`, routine: (ev, ctx) => self.onGate(ctx) })
        this.edgeSource = kernel.addSource(`${name}`, hal.gpioLine)
        this.gateSource = kernel.addSource(`${name}.gate`, tick.line)
        // The ISR reads what it needs from locals: on a DeviceScript board it runs for every edge
        // of every watched pin, and each property look-up is a VM opcode.
        const gpioLine = hal.gpioLine
        const every = this.gateTicks
        const pin = this.pin
        const edge = this.edge
        const edgeSource = this.edgeSource
        const rate = this.rate
        const gateSource = this.gateSource
        kernel.addDriver({
            name: name,
            // On the GPIO bank only for its pin, whose watch raises the line for rising edges only.
            lines: [{ line: gpioLine, status: pin }, tick.line],
            dpcs: [edge, rate],
            isr: ctx => {
                if (ctx.line === gpioLine) ctx.request(edge, edgeSource, 1)
                else if (ctx.value % every === 0) ctx.request(rate, gateSource, ctx.value)
            },
        })
    }

    private onEdges(ev: EventBatch): void {
        if (ev.count === 0) return
        if (this.edges === 0) this.firstEdgeNs = ev.stampNs(0)
        this.edges += ev.count
        this.lastEdgeNs = ev.stampNs(ev.count - 1)
    }

    private onGate(ctx: DpcContext): void {
        const n = this.edges
        const t = this.lastEdgeNs
        this.updates++
        if (n > 0 && ctx.nowNs() - t >= this.timeoutNs) {
            this.frequencyHz = 0
            this.stopped = true
            return
        }
        if (this.stopped) {
            // Pulses again after a stop: the period since the last edge before it is no reading.
            if (n > this.baseEdges) {
                this.stopped = false
                this.baseEdges = n
                this.baseNs = t
            }
            return
        }
        if (this.baseEdges === 0) {
            // No reading yet: measure from the first edge.
            if (n >= 2 && t > this.firstEdgeNs) {
                this.frequencyHz = ((n - 1) * 1e9) / (t - this.firstEdgeNs)
                this.baseEdges = n
                this.baseNs = t
            }
            return
        }
        if (n > this.baseEdges && t > this.baseNs) {
            this.frequencyHz = ((n - this.baseEdges) * 1e9) / (t - this.baseNs)
            this.baseEdges = n
            this.baseNs = t
        }
    }
}
