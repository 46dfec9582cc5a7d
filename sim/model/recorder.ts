/**
 * What the model tells an observer while it runs: pin levels, ISR and DPC slices per core,
 * UART lines. The text trace (tests), the Chrome/Perfetto trace and the VCD writer implement
 * it. With no observer the model pays nothing for this.
 */
export interface Recorder {
    pin(pin: number, level: number, ns: number): void
    isrBegin(core: number, line: string, ns: number): void
    isrEnd(core: number, line: string, ns: number, events: number): void
    /** `thread` is the DPC thread's number on its core; `threadIndex` its index among all threads. */
    dpcBegin(core: number, thread: number, threadIndex: number, dpc: string, ns: number, batch: number): void
    dpcEnd(core: number, thread: number, threadIndex: number, dpc: string, ns: number): void
    uart(line: string, ns: number): void
}

/** Sends every record to several recorders, in order. */
export class Recorders implements Recorder {
    constructor(private all: Recorder[]) {}
    pin(pin: number, level: number, ns: number): void {
        for (const r of this.all) r.pin(pin, level, ns)
    }
    isrBegin(core: number, line: string, ns: number): void {
        for (const r of this.all) r.isrBegin(core, line, ns)
    }
    isrEnd(core: number, line: string, ns: number, events: number): void {
        for (const r of this.all) r.isrEnd(core, line, ns, events)
    }
    dpcBegin(core: number, thread: number, threadIndex: number, dpc: string, ns: number, batch: number): void {
        for (const r of this.all) r.dpcBegin(core, thread, threadIndex, dpc, ns, batch)
    }
    dpcEnd(core: number, thread: number, threadIndex: number, dpc: string, ns: number): void {
        for (const r of this.all) r.dpcEnd(core, thread, threadIndex, dpc, ns)
    }
    uart(line: string, ns: number): void {
        for (const r of this.all) r.uart(line, ns)
    }
}
