import { Pull } from "../hal/hal"
import { PinHandle } from "./pin-scan"

/**
 * How the port touches pins: the hardware through DeviceScript's GPIO objects (HardwarePins), or
 * levels held in memory that test hooks set (VirtualPins; the VM has no pins). One per port.
 */
export interface PinDriver {
    /** Configures `pin` as an input with `pull` and returns what reads its level (`.value`, 0 or 1). Set-up time; throws naming the pin and the reason. */
    setupInput(pin: number, pull: Pull): PinHandle
    /** Level of `pin`, 0 or 1 (an unconfigured pin becomes an input without pull). */
    read(pin: number): number
    /** Drives `pin` (an output from the first write on). */
    write(pin: number, level: number): void
}
