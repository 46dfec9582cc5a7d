/**
 * The peripheral side of an interrupt line, as a core's ISR sees it. A core calls `enter` when
 * it takes the line and `exit` when the ISR returns; what happens in between is time.
 */
export interface IrqService {
    /** Line name, for traces (IO_IRQ_BANK0, TIMER_IRQ_0). */
    readonly name: string
    /**
     * ISR entry on `core`: reads and clears the raised state (the events this ISR identifies)
     * and returns the cycles the ISR spends on them, entry and exit excluded.
     */
    enter(core: number): number
    /** ISR return on `core`: hands the identified events to the kernel. Returns how many. */
    exit(core: number): number
}
