import { Dpc } from "./dpc"
import { Source } from "./interrupt-line"

/** Kinds of fault the kernel reports to its host. */
export type FaultKind = "error" | "overflow" | "watchdog"

/**
 * A fault report. The kernel fills one preallocated Fault and hands it to the host's `onFault`
 * synchronously; the host must copy what it keeps.
 *
 * - `error`: the DPC's routine threw; `message` is the error's message.
 * - `overflow`: an event for the DPC was dropped because its ring was full. Reported once per
 *   overflow episode (the first drop after an accepted event); `count` is the DPC's drop total.
 * - `watchdog`: a run took `runNs`, longer than the DPC's watchdog limit.
 */
export class Fault {
    kind: FaultKind = "error"
    dpc: Dpc | null = null
    /** Source of the dropped event (overflow only). */
    source: Source | null = null
    core = 0
    message = ""
    runNs = 0
    /** The DPC's running total for this kind (errors, dropped or watchdog hits). */
    count = 0
}

export interface FaultSink {
    fault(kind: FaultKind, dpc: Dpc, source: Source | null, core: number, message: string, runNs: number): void
}
