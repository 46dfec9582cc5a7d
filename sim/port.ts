/**
 * The simulator's side of the hardware boundary (src/hal/hal.ts): what application code sees
 * when it runs on a simulated board. The DeviceScript port in src/port/ implements the same
 * interface on the device; nothing else knows which one runs.
 *
 * Set-up rules the chips impose, enforced here with errors that name the pin or alarm:
 * a pin or alarm the board does not have; a pin or alarm watched twice; on boards whose GPIO
 * interrupt goes through the interrupt matrix (ESP32 family), every pin on one core. On
 * boards whose ties go by CPU interrupt number (Xtensa), enabling a line allocates its CPU
 * interrupt as ESP-IDF's esp_intr_alloc would (cpu-interrupts.ts), in the order the app asks.
 */
import { InterruptLine, Kernel } from "../src/kernel"
import { BoardInfo, Edge, EDGES, Hal, Pull } from "../src/hal/hal"
import { SimBoardSpec, pinRanges } from "./board-spec"
import { AlarmHandler } from "./model/alarm-handler"
import { CpuInterrupts } from "./model/cpu-interrupts"
import { GpioBank } from "./model/gpio-bank"
import { GpioHandler } from "./model/gpio-handler"
import { InterruptController } from "./model/interrupt-controller"
import { SimClock } from "./model/sim-clock"
import { Uart } from "./model/uart"

/**
 * The callback's ISR cycles per identified event (identify the source, request its DPC) when
 * neither the app nor the scenario gives any; the SDK handler's own cycles are the board's.
 */
export const DEFAULT_ISR_CYCLES = 100

export interface PortParts {
    spec: SimBoardSpec
    clock: SimClock
    kernel: Kernel
    bank: GpioBank
    gpioHandler: GpioHandler
    alarms: AlarmHandler[]
    controllers: InterruptController[]
    uart: Uart
    /** ISR cycles by `gpio<N>`, `alarm<N>` or line name: the scenario's overrides first, then the app's. */
    isrCycles: { [key: string]: number }[]
    /** Interrupt priority by line name (the scenario's), else the board's default. */
    priorities: { [line: string]: number }
}

/** The simulator's Hal, with what only the simulator offers (the scenario app uses it): both hosts implement it. */
export interface SimHal extends Hal {
    /** Masks or unmasks a pin's interrupt (level-triggered pins are masked by their ISR). */
    maskPin(pin: number, masked: boolean): void
    /** Arms alarm `index` for each of `timesNs` (absolute, increasing): a one-shot list stepped through in turn. */
    armAlarmTimes(index: number, timesNs: number[]): void
}

/** Throws when `pin` is not a GPIO of the board. */
export function checkPinOf(spec: SimBoardSpec, bank: GpioBank, pin: number, what: string): void {
    if (bank.pin(pin) === null) throw new Error(`${what}: GPIO ${pin} does not exist on ${spec.id} (GPIOs: ${pinRanges(spec.gpio.pins)})`)
}

/** Throws when `core` is not a core of the board. */
export function checkCoreOf(spec: SimBoardSpec, core: number, what: string): void {
    if (!(Number.isInteger(core) && core >= 0 && core < spec.cores))
        throw new Error(`${what}: core ${core} is beyond the board's ${spec.cores} core${spec.cores === 1 ? "" : "s"} (0-${spec.cores - 1})`)
}

/** A watched input's idle level: its pull's, else the level its edge waits to leave. */
export function idleLevelOf(edge: Edge, pull?: Pull): number {
    return pull === "up" ? 1 : pull === "down" ? 0 : edge === "falling" || edge === "low" ? 1 : 0
}

/** Throws when `edge` is not a pin condition. */
export function checkEdge(edge: Edge, what: string): void {
    if (!EDGES.includes(edge)) throw new Error(`${what}: edge must be one of ${EDGES.join(", ")}, got '${edge}'`)
}

export class SimPort implements SimHal {
    readonly board: BoardInfo
    readonly gpioLine: InterruptLine
    private spec: SimBoardSpec
    /** Core of the GPIO interrupt on matrix boards once a pin chose it, else -1. */
    private gpioCore = -1
    private gpioCorePin = -1
    private cpuInterrupts: CpuInterrupts | null

    constructor(private parts: PortParts) {
        const spec = parts.spec
        this.spec = spec
        this.board = spec.device
        this.gpioLine = parts.kernel.addLine(spec.gpio.irq.name, 0)
        parts.gpioHandler.line = this.gpioLine
        this.cpuInterrupts = spec.interrupt.dispatchOrder === "highest-cpu-interrupt" ? new CpuInterrupts(spec.interrupt.cpuInterrupts, spec.id) : null
    }

    /** Enables line index `line` (named `name`) on `core`'s controller, allocating its CPU interrupt where the board does that. */
    private enableLine(line: number, name: string, core: number, what: string): void {
        const ctl = this.parts.controllers[core]
        if (ctl.isEnabled(line)) return
        const priority = this.priorityFor(name)
        if (this.cpuInterrupts !== null) ctl.setNumber(line, this.cpuInterrupts.allocate(core, priority, what))
        ctl.enable(line, priority)
    }

    nowNs(): number {
        return this.parts.clock.nowNs()
    }

    private checkPin(pin: number, what: string): void {
        checkPinOf(this.spec, this.parts.bank, pin, what)
    }

    private checkCore(core: number, what: string): void {
        checkCoreOf(this.spec, core, what)
    }

    private isrCyclesFor(key: string, line: string): number {
        for (const table of this.parts.isrCycles) {
            if (table[key] !== undefined) return table[key]
            if (table[line] !== undefined) return table[line]
        }
        return DEFAULT_ISR_CYCLES
    }

    private priorityFor(line: string): number {
        const p = this.parts.priorities[line]
        return p === undefined ? this.spec.interrupt.defaultPriority : p
    }

    watchPin(pin: number, edge: Edge, pull?: Pull, core?: number): void {
        const what = `watchPin(${pin})`
        this.checkPin(pin, what)
        checkEdge(edge, what)
        const c = core === undefined ? 0 : core
        this.checkCore(c, what)
        if (this.spec.gpio.routing === "matrix") {
            if (this.gpioCore >= 0 && this.gpioCore !== c)
                throw new Error(
                    `${what}: on ${this.spec.id} the GPIO interrupt (${this.spec.gpio.irq.name}) goes to one core through the interrupt matrix; GPIO ${this.gpioCorePin} already put it on core ${this.gpioCore}, GPIO ${pin} asks for core ${c}`
                )
            this.gpioCore = c
            this.gpioCorePin = pin
        }
        const bank = this.parts.bank
        if ((bank.pin(pin) as { detect: number }).detect !== 0) throw new Error(`${what}: GPIO ${pin} is already watched`)
        bank.setIdle(pin, idleLevelOf(edge, pull))
        const p = bank.watch(pin, edge, c)
        this.parts.gpioHandler.watch(p, c, this.isrCyclesFor(`gpio${pin}`, this.spec.gpio.irq.name))
        this.enableLine(bank.lineIndex, this.spec.gpio.irq.name, c, what)
    }

    readPin(pin: number): number {
        this.checkPin(pin, `readPin(${pin})`)
        return this.parts.bank.level(pin)
    }

    writePin(pin: number, level: number): void {
        this.checkPin(pin, `writePin(${pin})`)
        this.parts.bank.drive(pin, level)
    }

    maskPin(pin: number, masked: boolean): void {
        this.checkPin(pin, `maskPin(${pin})`)
        this.parts.bank.mask(pin, masked)
    }

    private alarm(index: number, what: string): AlarmHandler {
        const a = this.parts.alarms[index]
        if (!Number.isInteger(index) || a === undefined)
            throw new Error(`${what}: alarm ${index} does not exist on ${this.spec.id} (alarms 0-${this.parts.alarms.length - 1})`)
        return a
    }

    watchAlarm(index: number, core?: number): InterruptLine {
        const what = `watchAlarm(${index})`
        const a = this.alarm(index, what)
        const c = core === undefined ? 0 : core
        this.checkCore(c, what)
        if (a.line !== null) throw new Error(`${what}: alarm ${index} (${a.name}) is already watched`)
        a.line = this.parts.kernel.addLine(a.name, c)
        a.alarm.core = c
        a.isrCycles = this.isrCyclesFor(`alarm${index}`, a.name)
        this.enableLine(a.alarm.lineIndex, a.name, c, what)
        return a.line
    }

    armAlarm(index: number, delayUs: number, periodUs: number): void {
        const what = `armAlarm(${index})`
        const a = this.alarm(index, what)
        if (a.line === null) throw new Error(`${what}: watch alarm ${index} before arming it`)
        if (!(delayUs >= 0) || !(periodUs >= 0)) throw new Error(`${what}: delay and period must be >= 0 us, got ${delayUs} and ${periodUs}`)
        a.arm(this.nowNs() + Math.round(delayUs * 1000), Math.round(periodUs * 1000))
    }

    /** The alarm's handler steps through the list, firing a time already past at once (late). */
    armAlarmTimes(index: number, timesNs: number[]): void {
        const what = `armAlarmTimes(${index})`
        const a = this.alarm(index, what)
        if (a.line === null) throw new Error(`${what}: watch alarm ${index} before arming it`)
        a.armTimes(timesNs)
    }

    disarmAlarm(index: number): void {
        this.alarm(index, `disarmAlarm(${index})`).disarm()
    }

    log(text: string): void {
        this.parts.uart.write(text)
    }
}

