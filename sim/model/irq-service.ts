/**
 * The software side of an interrupt line, as a core's ISR sees it: the SDK's handler for the
 * GPIO bank or for a timer alarm. The core calls `enter` when it takes the line, `finish` when
 * the handler's cycles have run, and `handled` when the ISR returns (for the trace); what
 * happens in between is time.
 */
export interface IrqService {
    /** Line name, for traces (IO_IRQ_BANK0, TIMER_IRQ_0). */
    readonly name: string
    /**
     * The interrupt is taken on `core` (now); the handler starts `entryNs` later. Reads and
     * acknowledges the raised state (the events this ISR identifies) and returns the
     * handler's cycles for them, entry and exit excluded.
     */
    enter(core: number, entryNs: number): number
    /**
     * The handler's cycles have run: it hands its events to the kernel. Returns the cycles it
     * goes on for (an alarm handler that finds its next target already past fires it at once),
     * or 0 when it returns.
     */
    finish(core: number): number
    /** Events the handler in service on `core` handed to the kernel. */
    handled(core: number): number
}
