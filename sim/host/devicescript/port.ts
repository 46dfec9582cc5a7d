/**
 * The devicescript host's side of the hardware boundary (src/hal/hal.ts): what application code
 * sees on the simulated board when it runs on the DeviceScript runtime, as src/port/device-port.ts
 * gives it on a real one. A watched pin joins the pin scan (no interrupt: the scan polls it); an
 * alarm is a deadline of the timer fiber; pins are the GPIO bank's levels; the console log goes
 * to the runtime's log. The same checks, with the same messages, as the native host's port.
 */
import { BoardInfo, Edge, Pull } from "../../../src/hal/hal"
import { InterruptLine, Kernel } from "../../../src/kernel"
import { SimBoardSpec } from "../../board-spec"
import { GpioBank } from "../../model/gpio-bank"
import { SimHal, checkCoreOf, checkEdge, checkPinOf, idleLevelOf } from "../../port"
import { ScanFiber } from "./scan-fiber"
import { TimerFiber } from "./timer-fiber"

/**
 * The port's defaults (src/port/device-port.ts, which runs only in the VM): scan every 1 ms,
 * every 4 ms once the pins were quiet for 100 ms; the kernel's tick every 200 ms.
 */
export const PORT_SCAN_MS = 1
export const PORT_SCAN_IDLE_MS = 4
export const PORT_QUIET_MS = 100
export const PORT_TICK_MS = 200

export interface DsPortParts {
    spec: SimBoardSpec
    kernel: Kernel
    /** The GPIO bank's line (the scan raises it). */
    gpioLine: InterruptLine
    bank: GpioBank
    scan: ScanFiber
    timer: TimerFiber
    /** The VM's clock (whole ms, in ns). */
    nowNs: () => number
    /** Where the program's console lines go (the runtime's log). */
    log: (text: string) => void
}

export class DsPort implements SimHal {
    readonly board: BoardInfo
    readonly gpioLine: InterruptLine
    private spec: SimBoardSpec
    private watched = new Set<number>()

    constructor(private parts: DsPortParts) {
        this.spec = parts.spec
        this.board = parts.spec.device
        this.gpioLine = parts.gpioLine
    }

    nowNs(): number {
        return this.parts.nowNs()
    }

    watchPin(pin: number, edge: Edge, pull?: Pull, core?: number): void {
        const what = `watchPin(${pin})`
        checkPinOf(this.spec, this.parts.bank, pin, what)
        checkEdge(edge, what)
        const c = core === undefined ? this.gpioLine.core : core
        checkCoreOf(this.spec, c, what)
        if (this.watched.has(pin)) throw new Error(`${what}: GPIO ${pin} is already watched`)
        this.watched.add(pin)
        this.parts.bank.setIdle(pin, idleLevelOf(edge, pull))
        this.parts.scan.watch(pin, edge, c)
    }

    readPin(pin: number): number {
        checkPinOf(this.spec, this.parts.bank, pin, `readPin(${pin})`)
        return this.parts.bank.level(pin)
    }

    writePin(pin: number, level: number): void {
        checkPinOf(this.spec, this.parts.bank, pin, `writePin(${pin})`)
        this.parts.bank.drive(pin, level)
    }

    /** Nothing to mask: no pin interrupt; a level watch is seen at every scan while its level holds. */
    maskPin(pin: number, masked: boolean): void {
        checkPinOf(this.spec, this.parts.bank, pin, `maskPin(${pin})`)
    }

    private alarm(index: number, what: string, attached: boolean): void {
        if (!(Number.isInteger(index) && index >= 0 && index < this.spec.alarms.length))
            throw new Error(`${what}: alarm ${index} does not exist on ${this.spec.id} (alarms 0-${this.spec.alarms.length - 1})`)
        if (attached && !this.parts.timer.isAttached(index)) throw new Error(`${what}: watch alarm ${index} before arming it`)
    }

    watchAlarm(index: number, core?: number): InterruptLine {
        const what = `watchAlarm(${index})`
        this.alarm(index, what, false)
        const c = core === undefined ? 0 : core
        checkCoreOf(this.spec, c, what)
        const name = this.spec.alarms[index].name
        if (this.parts.timer.isAttached(index)) throw new Error(`${what}: alarm ${index} (${name}) is already watched`)
        const line = this.parts.kernel.addLine(name, c)
        this.parts.timer.attach(index, line, c)
        return line
    }

    armAlarm(index: number, delayUs: number, periodUs: number): void {
        const what = `armAlarm(${index})`
        this.alarm(index, what, true)
        if (!(delayUs >= 0) || !(periodUs >= 0)) throw new Error(`${what}: delay and period must be >= 0 us, got ${delayUs} and ${periodUs}`)
        this.parts.timer.arm(index, Math.floor(this.nowNs() / 1e6), delayUs, periodUs)
    }

    armAlarmTimes(index: number, timesNs: number[]): void {
        this.alarm(index, `armAlarmTimes(${index})`, true)
        this.parts.timer.armTimes(index, timesNs)
    }

    disarmAlarm(index: number): void {
        this.alarm(index, `disarmAlarm(${index})`, true)
        this.parts.timer.disarm(index)
    }

    log(text: string): void {
        this.parts.log(text)
    }
}
