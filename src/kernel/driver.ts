import { Dpc } from "./dpc"
import { InterruptLine, Isr } from "./interrupt-line"

/** A line an ISR is attached to for one raised state only: a pin of a GPIO bank, say. */
export interface LineStatus {
    line: InterruptLine | string
    /** The raised state (`IsrContext.status`) the ISR runs for: a whole number up to MAX_ISR_STATUS. */
    status: number
}

/** How a driver is declared to `Kernel.addDriver`. DPCs and lines may be given by name. */
export interface DriverOptions {
    name: string
    /**
     * Lines the ISR is attached to (a GPIO bank, a timer alarm...): a line for every raise, or
     * `{ line, status }` for the raises with that status only (the driver's pin on the GPIO bank:
     * the ISR then does not run, and cost, for every other driver's pins).
     */
    lines: (InterruptLine | string | LineStatus)[]
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
