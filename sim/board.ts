/**
 * A simulated board: the one place that creates and wires the model (STYLE 2). It builds the
 * interrupt controllers, GPIO bank, alarms, cores, UART and stimulus from a SimBoardSpec, creates
 * the kernel on the board's virtual clock, lets the application set itself up through the
 * simulator's HAL port, and runs the agenda: always the earliest agent next, so the cores run
 * in parallel in virtual time with no drift.
 *
 * Agents, in id order (ties at one instant go in this order): stimulus generators, alarms,
 * cores, the kernel tick, the diagnostics report timer, the UART.
 */
import { Dpc, DpcThread, Fault, Kernel, bootRecord, faultRecord, periodicRecords } from "../src/kernel"
import { App, DpcCost } from "../src/hal/hal"
import { SimBoardSpec } from "./board-spec"
import { Agenda } from "./model/agenda"
import { Alarm } from "./model/alarm"
import { AlarmHandler } from "./model/alarm-handler"
import { Core, DpcCosts, coreTiming } from "./model/core"
import { GpioBank } from "./model/gpio-bank"
import { GpioHandler } from "./model/gpio-handler"
import { InputSync } from "./model/input-sync"
import { InterruptController } from "./model/interrupt-controller"
import { IrqService } from "./model/irq-service"
import { Recorder } from "./model/recorder"
import { SimClock } from "./model/sim-clock"
import { Stimulus, actStimulus } from "./model/stimulus"
import { Uart } from "./model/uart"
import { SimPort } from "./port"
import { HostBoard, HostBoardOptions } from "./host/host-board"

const AGENT_STIMULUS = 0
const AGENT_ALARM = 1
const AGENT_CORE = 2
const AGENT_TICK = 3
const AGENT_REPORT = 4
const AGENT_UART = 5

/** Histogram precision on the simulator: 16 buckets per power of two (<= 6.25 % wide). */
export const SIM_HISTOGRAM_SUB_BITS = 4

export interface BoardOptions extends HostBoardOptions {
    /** DPC costs by name that replace the app's. */
    costs?: { [dpc: string]: DpcCost }
    /** ISR cycles by `gpio<N>`, `alarm<N>` or line name that replace the app's. */
    isrCycles?: { [key: string]: number }
    /** Interrupt priority by line name (0 = most urgent). */
    priorities?: { [line: string]: number }
}

export class SimBoard implements HostBoard {
    readonly host = "native"
    readonly spec: SimBoardSpec
    readonly clock = new SimClock()
    readonly agenda = new Agenda(this.clock)
    readonly kernel: Kernel
    readonly port: SimPort
    readonly bank: GpioBank
    /** The SDK's handler of the bank's line (native host). */
    readonly gpioHandler: GpioHandler
    readonly alarms: Alarm[] = []
    /** The SDK's handler and re-arm schedule of each alarm (native host). */
    readonly alarmHandlers: AlarmHandler[] = []
    readonly controllers: InterruptController[] = []
    readonly cores: Core[] = []
    readonly uart: Uart
    readonly stimuli: Stimulus[]
    /** Invariant violations the board itself found (self-concurrency), with the kernel's. */
    readonly violations: string[] = []
    /** Faults reported by count only (see reportFault). */
    faultsUnsent = 0
    /** Agent steps taken (a measure of simulation work). */
    steps = 0
    /** What each agent is (AGENT_*) and its index among its kind: the run loop dispatches on these. */
    private kind: number[] = []
    private index: number[] = []
    private tickAgent: number
    private reportAgent: number
    private uartAgent: number
    private reportNs: number
    private tickNs: number
    private onUart: (line: string, ns: number) => void
    private recorder: Recorder | null
    private ended = false
    /** The core whose agent is acting (-1: none): who woke a thread, for the cost of the wake. */
    private actingCore = -1

    constructor(opts: BoardOptions) {
        const spec = opts.spec
        this.spec = spec
        this.recorder = opts.recorder ?? null
        this.reportNs = opts.reportNs ?? 1_000_000_000
        this.tickNs = opts.tickNs ?? 1_000_000
        this.onUart = opts.onUart ?? (() => {})
        const clock = this.clock
        const agenda = this.agenda
        const now = () => clock.nowNs()

        // Interrupt lines: 0 is the GPIO bank, 1.. the alarms, on every core's controller.
        const irqNumbers = [spec.gpio.irq.number, ...spec.alarms.map(a => a.number)]
        const highestFirst = spec.interrupt.dispatchOrder === "highest-cpu-interrupt"
        for (let c = 0; c < spec.cores; c++)
            this.controllers.push(new InterruptController(c, irqNumbers, spec.interrupt.defaultPriority, highestFirst))
        const sync = new InputSync(spec.gpio.inputSync.clockHz, spec.gpio.inputSync.stages)
        this.bank = new GpioBank(spec.gpio.irq.name, spec.gpio.pins, spec.cores, spec.gpio.latch, sync, 0, this.controllers, clock, this.recorder)
        this.gpioHandler = new GpioHandler(this.bank, spec.cores, spec.native.gpioIsr, spec.clockHz, clock)

        // Agent ids, in the order ties are broken: stimulus, alarms, cores, tick, report, UART.
        this.stimuli = opts.stimulus ? opts.stimulus(this.bank) : []
        const stimulusAgents = this.stimuli.map(() => agenda.add())
        const alarmAgents = spec.alarms.map(() => agenda.add())
        const coreAgents: number[] = []
        for (let c = 0; c < spec.cores; c++) coreAgents.push(agenda.add())
        this.tickAgent = agenda.add()
        this.reportAgent = agenda.add()
        this.uartAgent = agenda.add()
        const role = (id: number, kind: number, index: number) => {
            this.kind[id] = kind
            this.index[id] = index
        }
        stimulusAgents.forEach((id, i) => role(id, AGENT_STIMULUS, i))
        alarmAgents.forEach((id, i) => role(id, AGENT_ALARM, i))
        coreAgents.forEach((id, i) => role(id, AGENT_CORE, i))
        role(this.tickAgent, AGENT_TICK, 0)
        role(this.reportAgent, AGENT_REPORT, 0)
        role(this.uartAgent, AGENT_UART, 0)
        spec.alarms.forEach((a, i) => {
            const id = alarmAgents[i]
            const alarm = new Alarm(i, a.name, 1 + i, spec.alarmResolutionNs, this.controllers, ns => agenda.schedule(id, ns))
            this.alarms.push(alarm)
            this.alarmHandlers.push(new AlarmHandler(alarm, spec.native.alarmIsr, clock))
        })

        // The kernel, on the board's clock. Its hooks reach the cores and the UART.
        this.kernel = new Kernel({
            cores: spec.cores,
            clock,
            policy: opts.policy,
            threadsPerCore: opts.threadsPerCore,
            histogramSubBits: SIM_HISTOGRAM_SUB_BITS,
            onWake: t => this.cores[t.core].woken(this.actingCore),
            onFault: (f: Fault) => this.reportFault(f),
        })
        this.uart = new Uart(spec.uart.baud, spec.uart.bufferBytes, now, ns => agenda.schedule(this.uartAgent, ns), (line, ns) => {
            if (this.recorder !== null) this.recorder.uart(line, ns)
            this.onUart(line, ns)
        })

        // The application sets itself up through the port.
        this.port = new SimPort({
            spec,
            clock,
            kernel: this.kernel,
            bank: this.bank,
            gpioHandler: this.gpioHandler,
            alarms: this.alarmHandlers,
            controllers: this.controllers,
            uart: this.uart,
            isrCycles: [opts.isrCycles ?? {}, opts.app.isrCycles ?? {}],
            priorities: opts.priorities ?? {},
        })
        opts.app.setup(this.kernel, this.port)
        this.kernel.start()

        // Cores, with each DPC's cost.
        const costs = costsOf(this.kernel.dpcs, opts.costs ?? {}, opts.app)
        const services: IrqService[] = [this.gpioHandler, ...this.alarmHandlers]
        const runningOn = this.kernel.dpcs.map(() => -1)
        const timing = coreTiming(spec)
        for (let c = 0; c < spec.cores; c++) {
            const core = new Core(c, coreAgents[c], agenda, this.clock, timing, this.controllers[c], services, costs, runningOn, m => this.violations.push(m), this.recorder)
            core.attach(this.kernel)
            this.controllers[c].connect(core)
            this.cores.push(core)
        }
        // The kernel tick wakes threads that hold only low-importance DPCs: needed only when there are some.
        if (this.kernel.dpcs.some(d => d.importance === "low")) agenda.schedule(this.tickAgent, this.tickNs)

        this.stimuli.forEach((s, i) => agenda.schedule(stimulusAgents[i], s.firstNs))
        // Cores look at their queues at 0: set-up may have requested DPCs.
        for (const core of this.cores) agenda.schedule(core.agent, 0)
        this.uart.write(bootRecord(this.kernel, spec.id))
        if (this.reportNs > 0) agenda.schedule(this.reportAgent, this.reportNs)
    }

    /** Agent `id` acts at the clock's time (times go through fields, not arguments: see Core.step). */
    private act(id: number): void {
        const i = this.index[id]
        switch (this.kind[id]) {
            case AGENT_CORE:
                this.actingCore = i
                this.cores[i].step()
                this.actingCore = -1
                break
            case AGENT_STIMULUS:
                actStimulus(this.stimuli[i], id, this.agenda, this.clock)
                break
            case AGENT_ALARM:
                this.agenda.schedule(id, this.alarms[i].fire())
                break
            case AGENT_TICK:
                this.kernel.tick()
                this.agenda.scheduleIn(id, this.tickNs)
                break
            case AGENT_REPORT:
                this.writeReport(this.clock.nowNs())
                this.agenda.scheduleIn(id, this.reportNs)
                break
            case AGENT_UART:
                this.agenda.schedule(id, this.uart.complete())
                break
        }
    }

    /**
     * An `err` record for a fault, unless the UART's buffer is half full: then the fault is only
     * counted (the DPC's own record carries its error, overflow and watchdog totals), so that
     * faults never crowd the periodic reports out of the buffer.
     */
    private reportFault(f: Fault): void {
        if (this.uart.backlogBytes() * 2 < this.uart.bufferBytes) this.uart.write(faultRecord(f))
        else this.faultsUnsent++
    }

    /** Diagnostics lines not sent: faults only counted, and lines the full UART dropped. */
    diagLost(): number {
        return this.faultsUnsent + this.uart.droppedLines
    }

    /** When the last diagnostics report was written (-1: none yet). */
    private lastReportNs = -1

    private writeReport(now: number): void {
        this.lastReportNs = now
        for (const core of this.cores) core.settle(now)
        for (const line of periodicRecords(this.kernel, now, this.diagLost())) this.uart.write(line)
    }

    /**
     * Runs until virtual time `endNs`: agents due at or before it act. `onProgress` is called
     * every `progressSteps` agent steps with the current virtual time.
     */
    runUntil(endNs: number, onProgress?: (ns: number) => void, progressSteps = 1 << 16): void {
        if (this.ended) throw new Error("SimBoard.runUntil: the run has ended")
        this.steps += this.agenda.run(endNs, this.actAgent, onProgress, progressSteps)
        for (const core of this.cores) core.advance(endNs)
    }

    private actAgent = (id: number) => this.act(id)

    /**
     * Ends the run at the current time: writes the final diagnostics report (if the periodic
     * one did not just happen) and lets the UART
     * send everything still queued (virtual time runs on for it; nothing else acts).
     */
    end(): void {
        if (this.ended) return
        this.ended = true
        // The final report, unless the periodic one was just written at this very time.
        if (this.lastReportNs !== this.clock.nowNs()) this.writeReport(this.clock.nowNs())
        this.agenda.runOut(this.uartAgent, this.actAgent)
    }

    /** Nothing beyond the core table: the native host is what the table shows. */
    describeHost(): string[] {
        return []
    }

    /** The DPC threads of `core` (each runs on its core). */
    threadsOn(core: number): DpcThread[] {
        return this.kernel.byCore[core]
    }

    /** The cores `dpc` ran on. */
    coresUsedBy(dpc: Dpc): number[] {
        const used: number[] = []
        const mask = dpc.coresMask()
        for (let c = 0; c < this.kernel.cores; c++) if (mask & (1 << c)) used.push(c)
        return used
    }

    /** ISRs taken for line `name` on `core`. */
    isrEntriesOn(name: string, core: number): number {
        const alarm = this.alarms.findIndex(a => a.name === name)
        const index = name === this.bank.name ? 0 : alarm < 0 ? -1 : 1 + alarm
        return index < 0 || core >= this.cores.length ? 0 : this.cores[core].isrEntries[index]
    }

    /**
     * Events that never reached an ISR, on line `name` toward `core`: edges the hardware merged
     * into a latched one, alarm fires cleared by a new target before the ISR read them.
     */
    missedOn(name: string, core: number): number {
        if (name === this.bank.name) {
            let n = 0
            for (const p of this.bank.pins) if (p.core === core && p.detect !== 0) n += p.missed
            return n
        }
        for (const h of this.alarmHandlers) if (h.name === name && h.alarm.core === core) return h.missed
        return 0
    }

    /** Alarm fires on line `name` toward `core` delivered after their target (set when already past: catch-up). */
    lateOn(name: string, core: number): number {
        for (const h of this.alarmHandlers) if (h.name === name && h.alarm.core === core) return h.late
        return 0
    }

    /** "" when every invariant holds, else what broke (the kernel's checks and the board's own). */
    checkInvariants(): string {
        const k = this.kernel.checkInvariants()
        if (k !== "") return k
        if (this.violations.length > 0) return `${this.violations.length} violation(s); first: ${this.violations[0]}`
        return ""
    }
}

function costsOf(dpcs: Dpc[], overrides: { [dpc: string]: DpcCost }, app: App): DpcCosts {
    const out: DpcCosts = { cycles: [], cyclesPerEvent: [] }
    for (const d of dpcs) {
        const c = overrides[d.name] ?? app.costs?.[d.name]
        if (c === undefined) throw new Error(`no simulator cost for DPC '${d.name}': give it in the app's costs or the scenario's`)
        out.cycles.push(c.cycles)
        out.cyclesPerEvent.push(c.cyclesPerEvent)
    }
    return out
}
