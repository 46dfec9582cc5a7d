/**
 * What a simulated board is to the rest of the simulator (the run loop, the summary, the report,
 * the traces), whichever host it models (SPEC 2.1):
 *
 *   native        true ISRs on every core, DPC threads per core, costs in cycles (sim/board.ts);
 *   devicescript  the DeviceScript runtime: one VM thread on one core running the pin scan, the
 *                 timer, the DPC fibers and the printer, costs in VM opcodes
 *                 (sim/host/devicescript/board.ts).
 *
 * The wiring point (sim/run.ts) builds one or the other; nothing else asks which.
 */
import { Dpc, DpcThread, Kernel, PolicyName } from "../../src/kernel"
import { App } from "../../src/hal/hal"
import { SimBoardSpec } from "../board-spec"
import { GpioBank } from "../model/gpio-bank"
import { Recorder } from "../model/recorder"
import { SimClock } from "../model/sim-clock"
import { Stimulus } from "../model/stimulus"
import { Uart } from "../model/uart"

export type HostName = "native" | "devicescript"
export const HOSTS: HostName[] = ["native", "devicescript"]

/** What every host's board is built from. */
export interface HostBoardOptions {
    spec: SimBoardSpec
    app: App
    policy: PolicyName
    threadsPerCore?: number
    /** Builds the stimulus once the board exists (generators drive its GPIO bank). */
    stimulus?: (bank: GpioBank) => Stimulus[]
    /** Period of the diagnostics report on the UART (ns); 0: only at boot (and, native, at the end). */
    reportNs?: number
    /** Period of the kernel tick (ns), which wakes threads holding only low-importance DPCs. */
    tickNs?: number
    recorder?: Recorder | null
    /** Every line the UART finishes sending. */
    onUart?: (line: string, ns: number) => void
}

/** A core's time (ns), as the summary and the report show it. */
export interface CoreTime {
    readonly id: number
    /** Interrupt work: ISRs (native); the pin scan's and the timer fiber's slices (devicescript). */
    readonly isrNs: number
    /** Deferred work: DPC runs (native); every other VM slice and the runtime's own passes (devicescript). */
    readonly dpcNs: number
    readonly idleNs: number
    /** Part of dpcNs spent waking up and switching threads (native; 0 on devicescript). */
    readonly switchNs: number
    /** Deepest ISR nesting (native; 0 on devicescript). */
    readonly maxDepth: number
}

export interface HostBoard {
    readonly host: HostName
    readonly spec: SimBoardSpec
    readonly clock: SimClock
    readonly kernel: Kernel
    readonly bank: GpioBank
    readonly uart: Uart
    readonly cores: CoreTime[]
    /** Agent steps taken (a measure of simulation work). */
    readonly steps: number
    /** Faults reported by count only, without an err record. */
    readonly faultsUnsent: number
    /** The DPC threads that ran on `core` (where their code really ran). */
    threadsOn(core: number): DpcThread[]
    /** The cores `dpc` ran on (where its code really ran). */
    coresUsedBy(dpc: Dpc): number[]
    /** Interrupts taken (native) or raised by the scan and the timer (devicescript) for line `name` on `core`. */
    isrEntriesOn(name: string, core: number): number
    /** Events of line `name` toward `core` that never reached an ISR. */
    missedOn(name: string, core: number): number
    /** Alarm fires on line `name` toward `core` delivered after their time. */
    lateOn(name: string, core: number): number
    /** Diagnostics lines not sent. */
    diagLost(): number
    runUntil(endNs: number, onProgress?: (ns: number) => void): void
    /** Ends the run at the current time (the UART drained). */
    end(): void
    /** What the report says of the host beyond the core table (lines; none for native). */
    describeHost(): string[]
    /** "" when every invariant holds, else what broke. */
    checkInvariants(): string
}
