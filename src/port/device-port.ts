import * as ds from "@devicescript/core"
import { BoardSpec } from "../hal/board-spec"
import { App, Edge, EDGES, Hal, Pull } from "../hal/hal"
import { Clock, DpcThread, Fault, InterruptLine, Kernel, PolicyName } from "../kernel/index"
import { AlarmTimer } from "./alarm-timer"
import { DiagnosticsPrinter } from "./diagnostics-printer"
import { DpcFibers } from "./dpc-fibers"
import { EdgeDetector, restLevel } from "./edge-detector"
import { EdgePoller } from "./edge-poller"
import { HardwarePins } from "./hardware-pins"
import { PinDriver } from "./pin-driver"
import { VirtualPins } from "./virtual-pins"

export interface DevicePortOptions {
    board: BoardSpec
    /** Default `cores`. */
    policy?: PolicyName
    /** `hardware` (ds.gpio), `virtual` (levels in memory, set by test hooks) or `auto` (virtual in a simulator). Default auto. */
    pins?: "hardware" | "virtual" | "auto"
    /** Pin scan period of the EdgePoller in ms (>= 1); 0: no scan (test hooks only). Default 1. */
    pollMs?: number
    /** `auto`: a fiber fires armed alarms on time; `manual`: only the injectAlarm hook fires them. Default auto. */
    timers?: "auto" | "manual"
    /** Periodic diagnostics report period in ms; 0: none (err records still print). Default 1000. */
    reportMs?: number
    /** Where lines go. Default console.log. */
    out?: (line: string) => void
    /**
     * The kernel's clock. Default: `ds.millis()` in ns, the finest time the runtime offers (whole
     * milliseconds, advancing only across `await`). Tests pass a ManualClock with manual timers.
     */
    clock?: Clock
    /** Latency/run-time histogram precision (kernel histogramSubBits). Default 1: 74 buckets, enough for a 1 ms clock. */
    histogramSubBits?: number
}

/** The runtime's clock: ds.millis() in ns. */
export const MILLIS_CLOCK: Clock = { nowNs: () => ds.millis() * 1000000 }

/**
 * The DeviceScript port: the Hal on the DeviceScript runtime and the one place that wires the
 * kernel to it (STYLE 2). `start(app)`:
 *   1. creates the Kernel with the port's clock (default ds.millis(), whole ms), onWake (resume a
 *      DPC fiber) and onFault (an `err` record), and the board's GPIO bank line;
 *   2. calls `app.setup(kernel, this)`; 3. `kernel.start()`;
 *   4. starts one DPC fiber per kernel DPC thread, prints `boot`, and starts the pin scan, the
 *      alarm timer and the periodic diagnostics.
 *
 * Interrupt entries: a pin event goes EdgePoller.scan -> EdgeDetector.sample -> gpioLine.raise;
 * an alarm goes AlarmTimer.runDue -> AlarmTimer.fire -> line.raise. The test hooks `injectEdge`
 * and `injectAlarm` enter at `sample` and `fire`, the same path from there on.
 */
export class DevicePort implements Hal {
    readonly board: BoardSpec
    readonly pins: PinDriver
    /** The VirtualPins when pins are virtual, else null. */
    readonly virtualPins: VirtualPins
    kernel: Kernel = null
    gpioLine: InterruptLine = null
    readonly alarms: AlarmTimer
    fibers: DpcFibers = null
    printer: DiagnosticsPrinter = null
    poller: EdgePoller = null
    private detector: EdgeDetector = null
    private policy: PolicyName
    private pollMs: number
    private manualTimers: boolean
    private reportMs: number
    private out: (line: string) => void
    private settingUp = false
    readonly clock: Clock
    private subBits: number

    constructor(opts: DevicePortOptions) {
        if (!opts || !opts.board) throw new Error("DevicePort: a board is required")
        this.board = opts.board
        this.policy = opts.policy === undefined ? "cores" : opts.policy
        this.pollMs = opts.pollMs === undefined ? 1 : opts.pollMs
        if (!(this.pollMs === 0 || this.pollMs >= 1)) throw new Error(`DevicePort: pollMs must be 0 or >= 1, got ${this.pollMs}`)
        const timers = opts.timers === undefined ? "auto" : opts.timers
        if (timers !== "auto" && timers !== "manual") throw new Error(`DevicePort: timers must be auto or manual, got '${timers}'`)
        this.manualTimers = timers === "manual"
        this.reportMs = opts.reportMs === undefined ? 1000 : opts.reportMs
        if (!(this.reportMs >= 0)) throw new Error(`DevicePort: reportMs must be >= 0, got ${this.reportMs}`)
        this.out = opts.out === undefined ? (line: string) => console.log(line) : opts.out
        this.clock = opts.clock === undefined ? MILLIS_CLOCK : opts.clock
        this.subBits = opts.histogramSubBits === undefined ? 1 : opts.histogramSubBits
        const mode = opts.pins === undefined ? "auto" : opts.pins
        if (mode !== "hardware" && mode !== "virtual" && mode !== "auto")
            throw new Error(`DevicePort: pins must be hardware, virtual or auto, got '${mode}'`)
        const virtual = mode === "virtual" || (mode === "auto" && ds.isSimulator())
        this.virtualPins = virtual ? new VirtualPins(this.board.pins) : null
        this.pins = virtual ? this.virtualPins : new HardwarePins()
        this.alarms = new AlarmTimer(this.board.alarms)
    }

    // ---- Start-up -------------------------------------------------------------------------

    /**
     * The runtime's architecture when it is not the one the firmware was built for (a device
     * flashed for another board), else "". Always "" with virtual pins.
     */
    wrongArch(): string {
        if (this.virtualPins !== null) return ""
        const arch = ds._dcfgString("archId")
        return arch !== undefined && arch !== null && arch !== this.board.archId ? arch : ""
    }

    /** Wires and starts everything for `app`. Once. */
    start(app: App): Kernel {
        if (this.kernel !== null) throw new Error("DevicePort: already started")
        const board = this.board
        const self = this
        const kernel = new Kernel({
            cores: board.cores,
            policy: this.policy,
            clock: this.clock,
            histogramSubBits: this.subBits,
            onWake: (t: DpcThread) => self.fibers.wake(t),
            onFault: (f: Fault) => self.printer.fault(f),
        })
        this.kernel = kernel
        this.gpioLine = kernel.addLine(board.gpioIrq, 0)
        this.detector = new EdgeDetector(this.gpioLine)
        this.fibers = new DpcFibers(kernel)
        this.printer = new DiagnosticsPrinter(kernel, board.id, this.out, this.reportMs, this.clock)

        this.settingUp = true
        try {
            app.setup(kernel, this)
        } finally {
            this.settingUp = false
        }
        kernel.start()
        this.fibers.start()
        this.printer.boot()
        this.printer.start()
        if (this.pollMs > 0 && this.detector.pins.length > 0) {
            this.poller = new EdgePoller(this.detector, this.pins, this.pollMs)
            this.poller.start()
        }
        if (!this.manualTimers) this.alarms.start()
        return kernel
    }

    private setupOnly(what: string): void {
        if (!this.settingUp) throw new Error(`${what}: only during app.setup()`)
    }

    private checkPin(pin: number, what: string): void {
        if (this.board.pins.indexOf(pin) < 0)
            throw new Error(`${what}: GPIO ${pin} is not a pin of board ${this.board.id}`)
    }

    private checkCore(core: number, what: string): number {
        const c = core === undefined ? 0 : core
        if (!(c >= 0 && c < this.board.cores && Math.floor(c) === c))
            throw new Error(`${what}: core ${c} is beyond the board's ${this.board.cores} cores (0-${this.board.cores - 1})`)
        return c
    }

    // ---- Hal ------------------------------------------------------------------------------

    nowNs(): number {
        return this.clock.nowNs()
    }

    watchPin(pin: number, edge: Edge, pull?: Pull, core?: number): void {
        this.setupOnly("watchPin")
        this.checkPin(pin, "watchPin")
        if (EDGES.indexOf(edge) < 0) throw new Error(`watchPin: GPIO ${pin}: edge must be one of ${EDGES.join(", ")}, got '${edge}'`)
        const p = pull === undefined ? "none" : pull
        if (p !== "up" && p !== "down" && p !== "none") throw new Error(`watchPin: GPIO ${pin}: pull must be up, down or none, got '${p}'`)
        const c = this.checkCore(core === undefined ? this.gpioLine.core : core, "watchPin")
        this.pins.setupInput(pin, p)
        const initial = this.virtualPins !== null ? restLevel(p) : this.pins.read(pin)
        this.detector.watch(pin, edge, c, initial)
    }

    readPin(pin: number): number {
        this.checkPin(pin, "readPin")
        return this.pins.read(pin)
    }

    writePin(pin: number, level: number): void {
        this.checkPin(pin, "writePin")
        this.pins.write(pin, level ? 1 : 0)
    }

    watchAlarm(index: number, core?: number): InterruptLine {
        this.setupOnly("watchAlarm")
        const names = this.board.alarmIrqs
        if (!(index >= 0 && index < names.length && Math.floor(index) === index))
            throw new Error(`watchAlarm: alarm ${index} does not exist (board ${this.board.id} has alarms 0-${names.length - 1})`)
        const c = this.checkCore(core, "watchAlarm")
        if (this.alarms.isAttached(index)) throw new Error(`watchAlarm: alarm ${index} is already watched`)
        const line = this.kernel.addLine(names[index], c)
        this.alarms.attach(index, line, c)
        return line
    }

    armAlarm(index: number, delayUs: number, periodUs: number): void {
        this.alarms.arm(index, delayUs, periodUs)
    }

    disarmAlarm(index: number): void {
        this.alarms.disarm(index)
    }

    log(text: string): void {
        this.out(text)
    }

    /** Ends every fiber the port started (DPC threads, pin scan, timer, diagnostics). */
    stop(): void {
        if (this.fibers !== null) this.fibers.stop()
        if (this.poller !== null) this.poller.stop()
        this.alarms.stop()
        if (this.printer !== null) this.printer.stop()
    }

    // ---- Test hooks -------------------------------------------------------------------------

    /**
     * A pin changes to `level` now: sets the virtual pin and enters the interrupt path as the pin
     * scan would (EdgeDetector.sample). Returns true when the watch's condition raised the line.
     * Virtual pins only.
     */
    injectEdge(pin: number, level: number): boolean {
        if (this.virtualPins === null) throw new Error("injectEdge: the port drives real pins (create it with pins: \"virtual\")")
        this.checkPin(pin, "injectEdge")
        this.virtualPins.setLevel(pin, level)
        return this.detector.sample(pin, level)
    }

    /** Alarm `index` fires now, through the same entry as the timer fiber (AlarmTimer.fire). */
    injectAlarm(index: number): void {
        if (!this.alarms.isAttached(index)) throw new Error(`injectAlarm: alarm ${index} is not watched by the app`)
        this.alarms.fire(index)
    }

    /** Yields until every DPC fiber is idle; throws after `maxSlices` yields. */
    async settle(maxSlices?: number) {
        const limit = maxSlices === undefined ? 1000 : maxSlices
        for (let i = 0; i < limit; i++) {
            await ds.sleep(0)
            if (this.fibers.idle()) return
        }
        throw new Error(`settle: DPC fibers still busy after ${limit} slices`)
    }
}
