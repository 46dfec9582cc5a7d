import * as ds from "@devicescript/core"
import "@devicescript/gpio"
import { Pull } from "../hal/hal"
import { PinDriver } from "./pin-driver"
import { PinHandle } from "./pin-scan"

const UNSET = 0
const INPUT = 1
const OUTPUT = 2

/**
 * Real pins through the runtime's GPIO objects (`ds.gpio(n)`, `setMode`, `value`). The runtime
 * exposes only the GPIOs its board configuration lists under `pins` and does not use for another
 * function (LED, log UART, a button service...); anything else is refused with the reason. A pin
 * read before any set-up becomes an input without pull (its `value` reads nothing otherwise).
 * The GPIO object itself is the pin scan's handle: its `value` is read natively.
 */
export class HardwarePins implements PinDriver {
    private gpios: ds.IOPin[] = []
    private modes: number[] = []

    private gpio(pin: number): ds.IOPin {
        const known = this.gpios[pin]
        if (known !== undefined && known !== null) return known
        let p: ds.IOPin
        try {
            p = ds.gpio(pin)
        } catch (e: any) {
            throw new Error(`GPIO ${pin} is not available to DeviceScript programs on this runtime (${e.message})`)
        }
        this.gpios[pin] = p
        this.modes[pin] = UNSET
        return p
    }

    setupInput(pin: number, pull: Pull): PinHandle {
        const mode = pull === "up" ? ds.GPIOMode.InputPullUp : pull === "down" ? ds.GPIOMode.InputPullDown : ds.GPIOMode.Input
        const p = this.gpio(pin)
        p.setMode(mode)
        this.modes[pin] = INPUT
        return p as any as PinHandle
    }

    read(pin: number): number {
        if (this.modes[pin] === INPUT) return this.gpios[pin].value
        const p = this.gpio(pin)
        if (this.modes[pin] === UNSET) this.setupInput(pin, "none")
        return p.value ? 1 : 0
    }

    write(pin: number, level: number): void {
        const p = this.gpio(pin)
        if (this.modes[pin] !== OUTPUT) this.modes[pin] = OUTPUT
        p.setMode(level ? ds.GPIOMode.OutputHigh : ds.GPIOMode.OutputLow)
    }
}
