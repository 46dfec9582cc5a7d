import { Clock } from "./clock"
import { Dpc, DpcContext, SourceRef } from "./dpc"
import { DpcQueue } from "./dpc-queue"
import { RequestContext, RequestSite } from "./request"

/**
 * A resource DPCs are processed on: one DPC thread of one core. The thread is its own queue
 * (`queue` is the thread itself: the dispatcher reads the head without a second lookup).
 * Hosts run one of these per (core, thread): a fiber on DeviceScript, a schedulable context on a
 * simulated core. While a routine runs, its thread is the DpcContext it is given.
 */
export class DpcThread extends DpcQueue implements DpcContext {
    /** Global index among the kernel's threads. */
    readonly index: number
    readonly core: number
    /** 1 << core: the bit this thread's runs set in a DPC's coresMask. */
    readonly coreBit: number
    readonly thread: number
    /** The thread's queue of DPCs: the thread itself. */
    readonly queue: DpcQueue

    /**
     * True from the moment the kernel wakes the host thread until the host finds the queue
     * empty (Dispatcher.begin returns null). While true, requests do not wake it again.
     */
    awake = false
    /** The DPC running on this thread, or null. */
    current: Dpc | null = null
    /** Start of the current run (ns). */
    runStartNs = 0

    // Statistics (see runCount and eventCount: only runs of DPCs without a home are counted here)
    runs = 0
    events = 0
    /** Time spent in DPC routines on this thread (ns), as the host accounted it. */
    busyNs = 0
    /** DPCs whose home this thread is (set by Kernel.start): their runs are counted on them, not here. */
    readonly homed: Dpc[] = []

    /** Requests a routine makes on this thread (chaining): on its core, stamped when made. */
    private chain: RequestContext

    constructor(index: number, core: number, thread: number, private clock: Clock, site: RequestSite) {
        super()
        this.index = index
        this.core = core
        this.coreBit = 1 << core
        this.thread = thread
        this.queue = this
        this.chain = new RequestContext(site)
        this.chain.core = core
    }

    /** DPC runs on this thread. */
    runCount(): number {
        let n = this.runs
        for (let i = 0; i < this.homed.length; i++) n += this.homed[i].stats.runs
        return n
    }

    /** Events processed on this thread. */
    eventCount(): number {
        let n = this.events
        for (let i = 0; i < this.homed.length; i++) n += this.homed[i].stats.processed
        return n
    }

    /** The deepest its queue got. */
    maxQueued(): number {
        if (this.maxLength > 0) return this.maxLength
        return this.head !== null || this.runCount() > 0 ? 1 : 0
    }

    // DpcContext, handed to the routine running on this thread.
    nowNs(): number {
        return this.clock.nowNs()
    }
    request(dpc: Dpc, source: SourceRef, value: number): boolean {
        const chain = this.chain
        chain.stampNs = this.clock.nowNs()
        return chain.request(dpc, source, value)
    }
}
