/**
 * The hardware boundary that application code (drivers and their wiring) sees. Implemented once
 * per host, behind this one interface:
 *
 *   - src/port/      the DeviceScript port (real pins, runtime timers, fibers);
 *   - sim/           the simulator's port (simulated GPIO bank, alarms, cores).
 *
 * Nothing outside those two knows which host runs. This file is portable like the kernel:
 * no `@devicescript/*` or Node imports.
 *
 * Life cycle, driven by the host (the "port"):
 *   1. the port creates the Kernel with its clock, wake and fault hooks, and registers the
 *      board's GPIO bank interrupt line (`gpioLine`); alarm lines are registered when the app
 *      watches an alarm;
 *   2. the port calls `app.setup(kernel, hal)`: the app adds its DPCs, sources and drivers and
 *      asks for pin and alarm interrupts through the hal;
 *   3. the port calls `kernel.start()`, starts one DPC thread per kernel thread, arms what the
 *      app asked for, and prints diagnostics (SPEC 3.4).
 */
import { InterruptLine, Kernel } from "../kernel/index"

/** Pin interrupt condition (SPEC 3.2). */
export type Edge = "rising" | "falling" | "both" | "high" | "low"
export const EDGES: Edge[] = ["rising", "falling", "both", "high", "low"]

export type Pull = "up" | "down" | "none"

/** What application code may know about the board. */
export interface BoardInfo {
    /** Board id, the file name in boards/ without `.board.json` (`rp2040`). */
    id: string
    /** Human name (`Raspberry Pi Pico (RP2040)`). */
    name: string
    cores: number
    clockHz: number
    /** Valid GPIO numbers. */
    pins: number[]
    /** Number of timer alarms. */
    alarms: number
    /** On-board LED pin, or -1. */
    ledPin: number
    /**
     * What the firmware's pins are wired to, by role (`button`, `tach`, `sense`, `led`): the
     * board file's top-level `wiring` key. Absent when the board file has none.
     */
    wiring?: BoardWiring
}

/** Pin roles of the firmware: role name -> GPIO number. */
export interface BoardWiring {
    [role: string]: number
}

export interface Hal {
    readonly board: BoardInfo

    /** Time since boot, in ns (the same clock the kernel was given). */
    nowNs(): number

    /**
     * The interrupt line every GPIO event arrives on (the chip's GPIO bank interrupt: RP2040
     * IO_IRQ_BANK0, ESP32 the GPIO source of the interrupt matrix). The port raises it with
     * `status` = pin number and `value` = the pin's level after the event (0 or 1).
     */
    readonly gpioLine: InterruptLine

    /**
     * Enables interrupts for `pin` on `edge`. Events are raised on `gpioLine` on `core`
     * (default: the line's core). Set-up time only. Throws for a pin the board does not have.
     */
    watchPin(pin: number, edge: Edge, pull?: Pull, core?: number): void

    /** Current level of a pin (0 or 1); a pin nothing set up becomes an input without pull. */
    readPin(pin: number): number

    /** Drives an output pin (configures it as output on first use). */
    writePin(pin: number, level: number): void

    /**
     * Enables timer alarm `index` (0 ..= board.alarms - 1) and routes its interrupt to `core`
     * (default 0); returns the alarm's interrupt line (RP2040 TIMER_IRQ_<index>). The port raises
     * it with `status` = index and `value` = the number of times the alarm has fired. Set-up time
     * only; throws for an alarm the board does not have or one already watched.
     */
    watchAlarm(index: number, core?: number): InterruptLine

    /**
     * Arms alarm `index`: first after `delayUs`, then every `periodUs` when `periodUs` > 0
     * (one-shot when 0). Re-arming replaces the previous setting. Callable at set-up and from DPCs.
     */
    armAlarm(index: number, delayUs: number, periodUs: number): void

    disarmAlarm(index: number): void

    /** A line of text for the console (passed through by dpc-console; not a diagnostics record). */
    log(text: string): void
}

/**
 * Estimated processor cost of a DPC, used only by the simulator (a device just runs the code):
 * a run costs `cycles + cyclesPerEvent * batch`.
 */
export interface DpcCost {
    cycles: number
    cyclesPerEvent: number
}

/** A portable application: drivers and their wiring. */
export interface App {
    name: string
    /** Registers DPCs, sources and drivers on `kernel` and asks `hal` for interrupts. Before kernel.start(). */
    setup(kernel: Kernel, hal: Hal): void
    /** Simulator cost estimates by DPC name; a scenario may override them. */
    costs?: { [dpc: string]: DpcCost }
    /**
     * Simulator ISR cost estimate per identified event. Keys: `gpio<N>` or `alarm<N>` for one
     * pin or alarm, else an interrupt line name (`IO_IRQ_BANK0`); the most specific key wins.
     */
    isrCycles?: { [key: string]: number }
}
