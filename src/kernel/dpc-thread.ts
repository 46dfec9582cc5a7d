import { Clock } from "./clock"
import { Dpc, DpcContext, SourceRef } from "./dpc"
import { DpcQueue } from "./dpc-queue"

/** The kernel's request entry point, as DPC threads see it (implemented by Kernel). */
export interface Requester {
    requestOn(dpc: Dpc, source: SourceRef, value: number, stampNs: number, fromCore: number): boolean
}

/**
 * A resource DPCs are processed on: one DPC thread of one core, with its own queue.
 * Hosts run one of these per (core, thread): a fiber on DeviceScript, a schedulable
 * context on a simulated core.
 */
export class DpcThread implements DpcContext {
    /** Global index among the kernel's threads. */
    readonly index: number
    readonly core: number
    readonly thread: number
    readonly queue = new DpcQueue()

    /**
     * True from the moment the kernel wakes the host thread until the host finds the queue
     * empty (Dispatcher.begin returns null). While true, requests do not wake it again.
     */
    awake = false
    /** The DPC running on this thread, or null. */
    current: Dpc | null = null
    /** Start of the current run (ns) and its batch size. */
    runStartNs = 0
    runBatch = 0

    // Statistics
    runs = 0
    events = 0
    /** Time spent in DPC routines on this thread (ns), as the host accounted it. */
    busyNs = 0

    constructor(index: number, core: number, thread: number, private clock: Clock, private requester: Requester) {
        this.index = index
        this.core = core
        this.thread = thread
    }

    // DpcContext, handed to the routine running on this thread.
    nowNs(): number {
        return this.clock.nowNs()
    }
    request(dpc: Dpc, source: SourceRef, value: number): boolean {
        return this.requester.requestOn(dpc, source, value, this.clock.nowNs(), this.core)
    }
}
