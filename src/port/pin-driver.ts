import { Pull } from "../hal/hal"

/**
 * How the port touches pins: the hardware through DeviceScript's GPIO objects (HardwarePins), or
 * levels held in memory that test hooks set (VirtualPins; the VM has no pins). One per port.
 */
export interface PinDriver {
    /** Configures `pin` as an input with `pull`. Set-up time; throws naming the pin and the reason. */
    setupInput(pin: number, pull: Pull): void
    /** Level of `pin`, 0 or 1. */
    read(pin: number): number
    /** Drives `pin` (an output from the first write on). */
    write(pin: number, level: number): void
}
