import * as ds from "@devicescript/core"
import { BoardSpec } from "../hal/board-spec"
import { App, Edge, EDGES, Hal, Pull } from "../hal/hal"
import { Clock, DpcThread, Fault, InterruptLine, Kernel, PolicyName, useChecksum } from "../kernel/index"
import { AlarmTimer } from "./alarm-timer"
import { DiagnosticsPrinter } from "./diagnostics-printer"
import { DpcFibers } from "./dpc-fibers"
import { HardwarePins } from "./hardware-pins"
import { PinDriver } from "./pin-driver"
import { PinScan } from "./pin-scan"
import { VirtualPins } from "./virtual-pins"
import { wordChecksum } from "./word-checksum"

export interface DevicePortOptions {
    board: BoardSpec
    /** Default `cores`. */
    policy?: PolicyName
    /** `hardware` (ds.gpio), `virtual` (levels in memory, set by test hooks) or `auto` (virtual in a simulator). Default auto. */
    pins?: "hardware" | "virtual" | "auto"
    /** Pin scan period in ms (>= 1) while pins change; 0: no scan (test hooks only). Default 1. */
    scanMs?: number
    /**
     * Pin scan period in ms once no watched edge or level has raised the GPIO line for 100 ms
     * (the next one makes it `scanMs` at once: the first edge after a quiet spell is seen up to
     * this late, and a pulse shorter than this can be missed then). 0: always `scanMs`. Default 4.
     */
    scanIdleMs?: number
    /** `auto`: a fiber fires armed alarms on time; `manual`: only the injectAlarm hook fires them. Default auto. */
    timers?: "auto" | "manual"
    /** Periodic diagnostics report period in ms; 0: none (err records still print). Default 1000. */
    reportMs?: number
    /** The kernel's tick in ms, which runs `low` DPCs nothing else woke; 0: none. Default 200. */
    tickMs?: number
    /**
     * `fibers` (default): the port runs on VM fibers. `stepped`: it starts no fiber; a driver
     * runs each fiber's slice itself (`steps`), in one VM slice if it likes: the opcode meter
     * measures the firmware so, and tests can run it without the VM's scheduler.
     */
    schedule?: "fibers" | "stepped"
    /** Where lines go. Default console.log. */
    out?: (line: string) => void
    /**
     * The kernel's clock. Default: `ds.millis()` in ns, the finest time the runtime offers (whole
     * milliseconds, advancing only across `await`). Tests pass a ManualClock with manual timers.
     */
    clock?: Clock
    /** Latency histogram precision (kernel histogramSubBits). Default 1: 0-3 ms exact, then buckets at most 50 % wide. */
    histogramSubBits?: number
}

/** The runtime's clock: ds.millis() in ns. */
export const MILLIS_CLOCK: Clock = { nowNs: () => ds.millis() * 1000000 }

/** What a driver of the `stepped` schedule runs: each fiber's slice. */
export interface PortSteps {
    /** The pin scan's slice. */
    scan(): void
    /** The timer fiber's slice at `nowMs`; returns the ms to its next deadline (-1: none). */
    timer(nowMs: number): number
    /** Whether DPC thread i's fiber is due (woken and not parked). */
    dpcDue(i: number): boolean
    /** DPC thread i's fiber's slice; false when it found nothing and parked. */
    dpc(i: number): boolean
    /** The printer's slice; returns the ms it sleeps after (-1: until a fault wakes it). */
    printer(): number
}

/**
 * The DeviceScript port: the Hal on the DeviceScript runtime and the one place that wires the
 * kernel to it (STYLE 2). `start(app)`:
 *   1. creates the Kernel with the port's clock (default ds.millis(), whole ms; checks off and no
 *      run timing: every opcode costs on the board, and a run is one slice, which ds.millis()
 *      cannot time), onWake (resume a DPC fiber) and onFault (an `err` record), and the board's
 *      GPIO bank line; installs the word checksum for the diagnostics;
 *   2. calls `app.setup(kernel, this)`; 3. `kernel.start()`;
 *   4. starts one DPC fiber per kernel DPC thread, prints `boot`, and starts the pin scan, the
 *      timer (alarms and the kernel's tick) and the periodic diagnostics.
 *
 * Interrupt entries: a pin event goes PinScan.scan -> PinScan.changed -> gpioLine.raiseAt; an
 * alarm goes AlarmTimer.step -> AlarmTimer.fire -> line.raiseAt. The test hooks `injectEdge` and
 * `injectAlarm` enter at PinScan.sample and AlarmTimer.fireNow, the same path from there on.
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
    scan: PinScan = null
    /** The `stepped` schedule's slices (null on fibers). */
    steps: PortSteps = null
    private policy: PolicyName
    private scanMs: number
    private scanIdleMs: number
    private manualTimers: boolean
    private reportMs: number
    private tickMs: number
    private stepped: boolean
    private out: (line: string) => void
    private settingUp = false
    private scanFiber: ds.Fiber = null
    readonly clock: Clock
    private subBits: number

    constructor(opts: DevicePortOptions) {
        if (!opts || !opts.board) throw new Error("DevicePort: a board is required")
        this.board = opts.board
        this.policy = opts.policy === undefined ? "cores" : opts.policy
        this.scanMs = wholeMs(opts.scanMs, 1, "scanMs")
        this.scanIdleMs = wholeMs(opts.scanIdleMs, 4, "scanIdleMs")
        const timers = opts.timers === undefined ? "auto" : opts.timers
        if (timers !== "auto" && timers !== "manual") throw new Error(`DevicePort: timers must be auto or manual, got '${timers}'`)
        this.manualTimers = timers === "manual"
        this.reportMs = wholeMs(opts.reportMs, 1000, "reportMs")
        this.tickMs = wholeMs(opts.tickMs, 200, "tickMs")
        const schedule = opts.schedule === undefined ? "fibers" : opts.schedule
        if (schedule !== "fibers" && schedule !== "stepped") throw new Error(`DevicePort: schedule must be fibers or stepped, got '${schedule}'`)
        this.stepped = schedule === "stepped"
        this.out = opts.out === undefined ? (line: string) => console.log(line) : opts.out
        this.clock = opts.clock === undefined ? MILLIS_CLOCK : opts.clock
        this.subBits = opts.histogramSubBits === undefined ? 1 : opts.histogramSubBits
        const mode = opts.pins === undefined ? "auto" : opts.pins
        if (mode !== "hardware" && mode !== "virtual" && mode !== "auto")
            throw new Error(`DevicePort: pins must be hardware, virtual or auto, got '${mode}'`)
        const virtual = mode === "virtual" || (mode === "auto" && ds.isSimulator())
        this.virtualPins = virtual ? new VirtualPins(this.board.pins) : null
        this.pins = virtual ? this.virtualPins : new HardwarePins()
        this.alarms = new AlarmTimer(this.board.alarms, this.clock)
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
        useChecksum(wordChecksum)
        const kernel = new Kernel({
            cores: board.cores,
            policy: this.policy,
            clock: this.clock,
            checks: false,
            timeRuns: false,
            histogramSubBits: this.subBits,
            histogramUnitNs: 1000000,
            onWake: (t: DpcThread) => self.fibers.wake(t),
            onFault: (f: Fault) => self.printer.fault(f),
        })
        this.kernel = kernel
        this.gpioLine = kernel.addLine(board.gpioIrq, 0)
        this.scan = new PinScan(this.gpioLine, this.clock, this.scanMs, this.scanIdleMs > 0 ? this.scanIdleMs : this.scanMs, QUIET_MS)
        this.fibers = new DpcFibers(kernel)
        this.printer = new DiagnosticsPrinter(kernel, board.id, this.out, this.reportMs, this.clock)

        this.settingUp = true
        try {
            app.setup(kernel, this)
        } finally {
            this.settingUp = false
        }
        kernel.start()
        this.scan.build()
        const scan = this.scan
        const clock = this.clock
        if (this.tickMs > 0)
            this.alarms.setTick(
                () => {
                    kernel.tick()
                    scan.relax(clock.nowNs())
                },
                this.tickMs,
                this.alarms.nowMs()
            )
        this.fibers.start(this.stepped)
        this.printer.boot()
        if (this.stepped) this.steps = this.makeSteps()
        else {
            this.printer.start()
            if (this.scanMs > 0 && this.scan.pins.length > 0) this.scanFiber = scanLoop.start(this.scan)
            if (!this.manualTimers) this.alarms.start()
        }
        return kernel
    }

    private makeSteps(): PortSteps {
        const self = this
        return {
            scan: this.scan.scan,
            timer: (nowMs: number) => self.alarms.step(nowMs),
            dpcDue: (i: number) => self.fibers.due(i),
            dpc: (i: number) => self.fibers.step(i),
            printer: () => self.printer.step(),
        }
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
        const handle = this.pins.setupInput(pin, p)
        this.scan.watch(pin, handle, edge, c, handle.value ? 1 : 0)
    }

    /** Current level of `pin` (the pin's driver checks it is the board's). */
    readPin(pin: number): number {
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
        if (this.scanFiber !== null) this.scanFiber.terminate()
        this.scanFiber = null
        this.alarms.stop()
        if (this.printer !== null) this.printer.stop()
    }

    // ---- Test hooks -------------------------------------------------------------------------

    /**
     * A pin changes to `level` now: sets the virtual pin and enters the interrupt path as the pin
     * scan would (PinScan.sample). Returns true when the watch's condition raised the line.
     * Virtual pins only.
     */
    injectEdge(pin: number, level: number): boolean {
        if (this.virtualPins === null) throw new Error("injectEdge: the port drives real pins (create it with pins: \"virtual\")")
        this.checkPin(pin, "injectEdge")
        this.virtualPins.setLevel(pin, level)
        return this.scan.sample(pin)
    }

    /** Alarm `index` fires now, through the same entry as the timer fiber (AlarmTimer.fire). */
    injectAlarm(index: number): void {
        this.alarms.fireNow(index)
    }

    /** Yields until every DPC fiber is idle; throws after `maxMs` ms (default 1000). */
    async settle(maxMs?: number) {
        const limit = maxMs === undefined ? 1000 : maxMs
        for (let i = 0; i < limit; i++) {
            await ds.sleep(1)
            if (this.fibers.idle()) return
        }
        throw new Error(`settle: DPC fibers still busy after ${limit} ms`)
    }
}

/** How long no pin may change before the scan slows down (PinScan.relax). */
const QUIET_MS = 100

/** A whole number of ms >= 0, or the default. */
function wholeMs(v: number, dflt: number, what: string): number {
    const x = v === undefined ? dflt : v
    if (!(x >= 0 && Math.floor(x) === x)) throw new Error(`DevicePort: ${what} must be a whole number of ms >= 0, got ${v}`)
    return x
}

/** The pin-scan fiber: its slice is PinScan.scan, every PinScan.sleepMs. */
async function scanLoop(s: PinScan) {
    const scan = s.scan
    for (;;) {
        await ds.sleep(s.sleepMs)
        scan()
    }
}
