import { Dpc } from "./dpc"
import { InterruptLine, Isr } from "./interrupt-line"

/** How a driver is declared to `Kernel.addDriver`. DPCs and lines may be given by name. */
export interface DriverOptions {
    name: string
    /** Lines the ISR is attached to (a GPIO bank, a timer alarm...). */
    lines: (InterruptLine | string)[]
    /** The driver's one interrupt handler: identifies events and requests the DPCs. */
    isr: Isr
    /** At least two DPCs, each processing at least one kind of the driver's events. */
    dpcs: (Dpc | string)[]
}

/**
 * A driver (SPEC M8): one interrupt handler that identifies events, plus at least two DPCs
 * that process them. The kernel attaches the ISR to the driver's lines.
 */
export class Driver {
    constructor(readonly name: string, readonly isr: Isr, readonly lines: InterruptLine[], readonly dpcs: Dpc[]) {
        if (typeof isr !== "function") throw new Error(`driver '${name}': isr must be a function`)
        if (lines.length < 1) throw new Error(`driver '${name}': needs at least one interrupt line`)
        if (dpcs.length < 2) throw new Error(`driver '${name}': needs at least two DPCs, got ${dpcs.length}`)
        for (let i = 0; i < dpcs.length; i++)
            for (let j = i + 1; j < dpcs.length; j++)
                if (dpcs[i] === dpcs[j]) throw new Error(`driver '${name}': DPC '${dpcs[i].name}' is listed twice`)
    }
}
