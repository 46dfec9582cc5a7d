import { App, BoardInfo, DpcCost, Hal } from "../hal/hal"
import { Kernel } from "../kernel/index"
import { Button } from "./button"
import { Heartbeat } from "./heartbeat"
import { Sampler } from "./sampler"
import { Tachometer } from "./tachometer"
import { Tick } from "./tick"

/** Pin roles the firmware needs in the board file's `wiring`. */
export const FIRMWARE_ROLES = ["button", "tach", "sense", "led"]

export interface FirmwareOptions {
    /**
     * Tick period in ms (the sampler's period and the resolution of every driver's timing).
     * Default 20: on a DeviceScript board each tick costs a few hundred VM opcodes.
     */
    tickMs?: number
    /** Timer alarm of the tick. Default 0. */
    tickAlarm?: number
    /** Button lock-out and long press, in ms. Defaults 20 and 1000. */
    debounceMs?: number
    longPressMs?: number
}

/**
 * The firmware: a debounced button, a tachometer, a periodic sampler and a status LED heartbeat,
 * on the pins the board file's `wiring` names, sharing one timer alarm (the tick, routed to the
 * last core; the GPIO bank line stays on core 0).
 *
 * DPCs are registered in this order, so under the `cores` policy (DPC i on core i mod cores)
 * every driver's first DPC runs on core 0 and its second on core 1:
 *   0 button.debounce  1 button.hold  2 tach.edge  3 tach.rate
 *   4 sampler.sample   5 sampler.report  6 heartbeat.beat  7 heartbeat.led
 */
export class Firmware implements App {
    readonly name = "firmware"
    tick: Tick | null = null
    button: Button | null = null
    tach: Tachometer | null = null
    sampler: Sampler | null = null
    heartbeat: Heartbeat | null = null
    private opts: FirmwareOptions

    /** Simulator estimates, cycles per run and per event (RP2040-class core). */
    readonly costs: { [dpc: string]: DpcCost } = {
        "button.debounce": { cycles: 300, cyclesPerEvent: 120 },
        "button.hold": { cycles: 250, cyclesPerEvent: 20 },
        "tach.edge": { cycles: 150, cyclesPerEvent: 40 },
        "tach.rate": { cycles: 400, cyclesPerEvent: 20 },
        "sampler.sample": { cycles: 200, cyclesPerEvent: 80 },
        "sampler.report": { cycles: 300, cyclesPerEvent: 60 },
        "heartbeat.beat": { cycles: 600, cyclesPerEvent: 20 },
        "heartbeat.led": { cycles: 150, cyclesPerEvent: 10 },
    }
    /** Simulator ISR estimates per identified event: the bank ISRs compare a pin; the tick runs four ISRs. */
    readonly isrCycles: { [key: string]: number } = {
        IO_IRQ_BANK0: 60,
        GPIO_INTR: 80,
        alarm0: 160,
    }

    constructor(opts?: FirmwareOptions) {
        this.opts = opts ? opts : {}
    }

    setup(kernel: Kernel, hal: Hal): void {
        const pins = wiringOf(hal.board)
        const o = this.opts
        const tickMs = o.tickMs === undefined ? 20 : o.tickMs
        this.tick = new Tick(hal, o.tickAlarm === undefined ? 0 : o.tickAlarm, tickMs * 1000, hal.board.cores - 1)
        this.button = new Button(kernel, hal, this.tick, { pin: pins[0], debounceMs: o.debounceMs, longPressMs: o.longPressMs })
        this.tach = new Tachometer(kernel, hal, this.tick, { pin: pins[1] })
        this.sampler = new Sampler(kernel, hal, this.tick, { pin: pins[2] })
        this.heartbeat = new Heartbeat(kernel, hal, this.tick, { pin: pins[3] })
    }
}

/** The GPIO of each FIRMWARE_ROLES entry, from the board's wiring; throws naming what is missing. */
export function wiringOf(board: BoardInfo): number[] {
    const w = board.wiring
    if (w === undefined || w === null) throw new Error(`board ${board.id}: the board file has no 'wiring' (needs ${FIRMWARE_ROLES.join(", ")})`)
    const out: number[] = []
    FIRMWARE_ROLES.forEach(role => {
        const pin = w[role]
        if (typeof pin !== "number") throw new Error(`board ${board.id}: wiring.${role} is missing`)
        if (board.pins.indexOf(pin) < 0) throw new Error(`board ${board.id}: wiring.${role}: GPIO ${pin} is not a pin of the board`)
        out.push(pin)
    })
    return out
}

/** The firmware as `npm start` and src/main.ts run it. */
export const firmwareApp = new Firmware()
