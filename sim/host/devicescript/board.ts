/**
 * A simulated board under the devicescript host: the one place that wires its model (STYLE 2),
 * as src/port/device-port.ts wires the port on a real board. The real kernel and the real app
 * run on the VM's clock (whole ms, frozen within a slice); the port's fibers run on one VM
 * thread on the board's `vmCore`:
 *
 *   the DPC fibers (one per kernel thread), the printer, the pin scan, the timer — started in
 *   that order, so the runtime's list (newest first) runs the timer, the scan, the printer, then
 *   the DPC fibers from the last thread to the first.
 *
 * The other cores run nothing of the program. Agents, in id order (ties at one instant go in
 * this order): stimulus generators, the VM, the UART.
 */
import { Dpc, DpcThread, Fault, Kernel, KernelOptions, SourceRef } from "../../../src/kernel"
import { SimBoardSpec } from "../../board-spec"
import { Agenda } from "../../model/agenda"
import { GpioBank } from "../../model/gpio-bank"
import { InputSync } from "../../model/input-sync"
import { SimClock } from "../../model/sim-clock"
import { Stimulus, actStimulus } from "../../model/stimulus"
import { Uart } from "../../model/uart"
import { CoreTime, HostBoard, HostBoardOptions } from "../host-board"
import { CalibrationTable, calibration } from "./calibration"
import { Costs, DpcOpcodes } from "./costs"
import { DpcFiber } from "./dpc-fiber"
import { DsPort, PORT_QUIET_MS, PORT_SCAN_IDLE_MS, PORT_SCAN_MS, PORT_TICK_MS } from "./port"
import { PrinterFiber } from "./printer-fiber"
import { RuntimeLog } from "./runtime-log"
import { ScanFiber } from "./scan-fiber"
import { TimerFiber } from "./timer-fiber"
import { SLICE_KINDS, Vm } from "./vm"

/** reportNs and tickNs must be whole ms here (the printer and the timer are fibers); tickNs defaults to the port's 200 ms, reportNs to 1 s. */
export interface DsBoardOptions extends HostBoardOptions {
    /** Per DPC name, its routine's opcodes (a scenario's DPCs; overrides of the firmware's). */
    dpcOpcodes?: { [dpc: string]: DpcOpcodes }
    /** Extra ISR opcodes per identified event, by `gpio<N>` or `alarm<N>`. */
    isrOpcodes?: { [key: string]: number }
    /** The calibration table (default: the checked-in one). */
    table?: CalibrationTable
}

/** The kernel, with each request shown to the costs before it takes effect (the kernel's checks mode calls checkRequest first). */
class MeteredKernel extends Kernel {
    costs: Costs | null = null
    constructor(opts: KernelOptions) {
        super(opts)
    }
    checkRequest(dpc: Dpc, source: SourceRef): void {
        super.checkRequest(dpc, source)
        if (this.costs !== null) this.costs.request(dpc)
    }
}

class VmCore implements CoreTime {
    readonly switchNs = 0
    readonly maxDepth = 0
    constructor(readonly id: number, private vm: Vm) {}
    get isrNs(): number {
        return this.vm.busyNs.scan + this.vm.busyNs.timer
    }
    get dpcNs(): number {
        return this.vm.busyNs.dpc + this.vm.busyNs.printer
    }
    get idleNs(): number {
        return this.vm.idleNs
    }
}

class IdleCore implements CoreTime {
    readonly isrNs = 0
    readonly dpcNs = 0
    readonly switchNs = 0
    readonly maxDepth = 0
    constructor(readonly id: number, private clock: SimClock) {}
    get idleNs(): number {
        return this.clock.nowNs()
    }
}

export class DsBoard implements HostBoard {
    readonly host = "devicescript"
    readonly spec: SimBoardSpec
    readonly clock = new SimClock()
    readonly agenda = new Agenda(this.clock)
    readonly kernel: Kernel
    readonly bank: GpioBank
    readonly uart: Uart
    readonly log: RuntimeLog
    readonly vm: Vm
    readonly port: DsPort
    readonly costs: Costs
    readonly scan: ScanFiber
    readonly timer: TimerFiber
    readonly printer: PrinterFiber
    readonly dpcFibers: DpcFiber[] = []
    readonly stimuli: Stimulus[]
    readonly cores: CoreTime[] = []
    readonly vmCore: number
    steps = 0
    private stimulusAgents: number[]
    private vmAgent: number
    private uartAgent: number
    private ended = false

    constructor(opts: DsBoardOptions) {
        const spec = opts.spec
        this.spec = spec
        const ds = spec.devicescript
        this.vmCore = ds.vmCore
        const recorder = opts.recorder ?? null
        const onUart = opts.onUart ?? (() => {})
        const clock = this.clock
        const agenda = this.agenda
        const now = () => clock.nowNs()

        // The pins: levels only (no interrupt reaches the program); the controllers are never asserted.
        const sync = new InputSync(spec.gpio.inputSync.clockHz, spec.gpio.inputSync.stages)
        this.bank = new GpioBank(spec.gpio.irq.name, spec.gpio.pins, spec.cores, spec.gpio.latch, sync, 0, [], clock, recorder)
        this.stimuli = opts.stimulus ? opts.stimulus(this.bank) : []
        this.stimulusAgents = this.stimuli.map(() => agenda.add())
        this.vmAgent = agenda.add()
        this.uartAgent = agenda.add()
        this.uart = new Uart(spec.uart.baud, spec.uart.bufferBytes, now, ns => agenda.schedule(this.uartAgent, ns), (line, ns) => {
            if (recorder !== null) recorder.uart(line, ns)
            onUart(line, ns)
        })
        this.log = new RuntimeLog(ds.logBufferBytes, ds.logBytesPerPass, this.uart)

        this.costs = new Costs(opts.table ?? calibration())
        const costs = this.costs
        this.vm = new Vm({
            wakeMs: ds.wakeMs,
            opcodeNs: ds.opcodeNs,
            meter: costs.meter,
            core: ds.vmCore,
            recorder,
            onPass: () => this.log.pass(),
            schedule: t => agenda.schedule(this.vmAgent, t),
            nowNs: now,
        })
        const vm = this.vm
        const vmClock = { nowNs: () => vm.syncedMs * 1e6 }

        const kernel = new MeteredKernel({
            cores: spec.cores,
            clock: vmClock,
            policy: opts.policy,
            threadsPerCore: opts.threadsPerCore,
            // As the port: ms histograms, and no run timing (a run is one slice, which the ms clock cannot time).
            histogramSubBits: 1,
            histogramUnitNs: 1e6,
            timeRuns: false,
            onWake: (t: DpcThread) => {
                costs.wake()
                const f = this.dpcFibers[t.index]
                if (f !== undefined && f.suspended) {
                    f.wakes++
                    vm.resume(f)
                }
            },
            onFault: (f: Fault) => {
                costs.fault(f.kind)
                this.printer.fault(f)
            },
        })
        this.kernel = kernel
        const gpioLine = kernel.addLine(spec.gpio.irq.name, 0)
        const tickMs = Math.round((opts.tickNs ?? PORT_TICK_MS * 1e6) / 1e6)
        this.scan = new ScanFiber(gpioLine, this.bank, costs, vmClock, PORT_SCAN_MS, PORT_SCAN_IDLE_MS, PORT_QUIET_MS)
        this.timer = new TimerFiber(spec.alarms.length, kernel, this.scan.scan, costs, tickMs)
        const reportMs = Math.round((opts.reportNs ?? 1e9) / 1e6)
        this.printer = new PrinterFiber(kernel, spec.id, line => this.log.write(line), reportMs, vmClock.nowNs, costs)
        this.port = new DsPort({ spec, kernel, bank: this.bank, gpioLine, scan: this.scan, timer: this.timer, nowNs: vmClock.nowNs, log: text => this.log.write(text) })

        opts.app.setup(kernel, this.port)
        kernel.start()
        this.scan.scan.build()
        costs.attach({ kernel, gpioLine, dpcOpcodes: opts.dpcOpcodes ?? {}, isrOpcodes: opts.isrOpcodes ?? {} })
        kernel.costs = costs

        // The port's start: a fiber per DPC thread, the boot record, the printer, the scan, the timer.
        for (const t of kernel.threads) {
            const f = new DpcFiber(t, kernel.dispatcher, costs)
            this.dpcFibers.push(f)
            vm.start(f)
        }
        this.printer.boot()
        costs.meter.take() // set-up's own cost is not modelled
        vm.start(this.printer)
        this.printer.started(vm)
        if (this.scan.pins > 0) vm.start(this.scan)
        vm.start(this.timer)
        this.timer.started(vm, 0)

        for (let c = 0; c < spec.cores; c++) this.cores.push(c === ds.vmCore ? new VmCore(c, vm) : new IdleCore(c, clock))
        this.stimuli.forEach((s, i) => agenda.schedule(this.stimulusAgents[i], s.firstNs))
        agenda.schedule(this.vmAgent, 0)
    }

    private act = (id: number): void => {
        if (id === this.vmAgent) this.vm.act()
        else if (id === this.uartAgent) this.agenda.schedule(id, this.uart.complete())
        else actStimulus(this.stimuli[id], id, this.agenda, this.clock) // the generators are agents 0..n-1
    }

    runUntil(endNs: number, onProgress?: (ns: number) => void): void {
        if (this.ended) throw new Error("DsBoard.runUntil: the run has ended")
        this.steps += this.agenda.run(endNs, this.act, onProgress)
        this.vm.advance(endNs)
    }

    /** Ends the run: what waits in the log goes out (the runtime's passes go on), and the UART sends it all. */
    end(): void {
        if (this.ended) return
        this.ended = true
        this.log.flush()
        this.agenda.runOut(this.uartAgent, this.act)
    }

    get faultsUnsent(): number {
        return this.printer.errDropped
    }

    diagLost(): number {
        return this.printer.errDropped + this.log.lostLines
    }

    threadsOn(core: number): DpcThread[] {
        return core === this.vmCore ? this.kernel.threads : []
    }

    coresUsedBy(dpc: Dpc): number[] {
        return dpc.stats.runs > 0 ? [this.vmCore] : []
    }

    isrEntriesOn(name: string, core: number): number {
        const line = this.kernel.lines.find(l => l.name === name)
        return line === undefined || core >= line.countByCore.length ? 0 : line.countByCore[core]
    }

    missedOn(name: string, core: number): number {
        if (name === this.port.gpioLine.name) return this.scan.missedOn(core)
        const line = this.kernel.lines.find(l => l.name === name)
        return line === undefined ? 0 : this.timer.missedOf(line, core)
    }

    lateOn(name: string, core: number): number {
        const line = this.kernel.lines.find(l => l.name === name)
        return line === undefined ? 0 : this.timer.lateOf(line, core)
    }

    /** The VM's slices and opcodes, the runtime's wakes and passes, and its log. */
    describeHost(): string[] {
        const vm = this.vm
        const ds = this.spec.devicescript
        const s = this.clock.nowNs() / 1e9
        let ops = 0
        for (const k of SLICE_KINDS) ops += vm.opcodes[k]
        ops = Math.round(ops)
        const slices = SLICE_KINDS.map(k => `${k} ${vm.slices[k]}`).join(", ")
        const rate = s > 0 ? ` (${Math.round(ops / s / 1000)} K/s)` : ""
        const cores = this.spec.cores > 1 ? `; the other core${this.spec.cores > 2 ? "s run" : " runs"} nothing of the program` : ""
        return [
            `vm on core ${this.vmCore}: ${ops} opcodes${rate} at ${ds.opcodeNs.plain / 1000}/${ds.opcodeNs.kernel / 1000} us (plain/kernel); slices: ${slices}; longest ${(vm.maxSliceNs / 1e6).toFixed(3)} ms${cores}`,
            `runtime: wakes the VM every ${ds.wakeMs} ms: ${vm.pokes} wakes, ${vm.passes} returns to its main loop; log: at most ${this.log.maxWaitingBytes} of ${ds.logBufferBytes} bytes waiting, ${this.log.lostLines} line(s) overwritten`,
        ]
    }

    checkInvariants(): string {
        const k = this.kernel.checkInvariants()
        if (k !== "") return k
        return this.scan.check()
    }
}
