import { DPC_IDLE, DPC_QUEUED, DPC_RUNNING, Dpc, SourceRef } from "./dpc"


/** What the request path needs from the kernel (implemented by Kernel). */
export interface RequestSite {
    /** See KernelOptions.checks. */
    readonly checks: boolean
    /** `checks` mode: validates the request (throws), counts it on the DPC, and numbers the event (its ring slot's seq). */
    checkRequest(dpc: Dpc, source: SourceRef): void
    /** The event did not fit the DPC's ring: counts and reports it; returns false. */
    drop(dpc: Dpc, source: SourceRef, fromCore: number): boolean
    /** Queues an idle DPC on its thread (its home, or the policy's pick) and wakes the thread unless the DPC is `low`. */
    enqueue(dpc: Dpc, fromCore: number): void
    /** A request for a queued DPC: wakes its thread if a `low` DPC left it asleep. */
    wakeQueued(dpc: Dpc): void
}

/**
 * The request path (SPEC M1, M7), in one place: ISRs request through their IsrContext (which is
 * a RequestContext), DPCs chaining through their thread's, and Kernel.requestOn through the
 * kernel's. The context holds who requests (`core`) and when the event happened (`stampNs`).
 *
 * `request` appends the event to the DPC's ring and queues the DPC on the thread its target or
 * the policy names, unless it is already queued (then the event joins its batch). It is the hot
 * path on a DeviceScript board, where every VM opcode costs microseconds: it keeps one counter
 * (the source's; conservation and drop attribution are derived from it), writes the ring's slots
 * directly, and leaves every check to the kernel's `checks` mode.
 */
export class RequestContext {
    /** The core the request is made on (the core that took the interrupt, or the DPC's). */
    core = 0
    /**
     * When the event happened, as the host knows it (ns): the edge's or the alarm's time on the
     * simulator, where the hardware latched it; the ISR's start on a device. `request` stamps
     * the event with it.
     */
    stampNs = 0

    private checks: boolean

    constructor(private site: RequestSite) {
        this.checks = site.checks
    }

    /**
     * Queues `dpc` for one event of `source` with `value`, stamped `stampNs`. Returns true when
     * this call queued the DPC (or, while it runs, re-queued it); false when it was already queued
     * (the event joins its batch) or the event was dropped (ring full: counted and reported).
     * ISR-safe; does not allocate; may wake a DPC thread.
     */
    request(dpc: Dpc, source: SourceRef, value: number): boolean {
        if (this.checks) this.site.checkRequest(dpc, source)
        source.raised = source.raised + 1
        const ring = dpc.ring
        const n = ring.count
        if (n === ring.capacity) return this.site.drop(dpc, source, this.core)
        const slot = (ring.head + n) & ring.mask
        ring.stamps[slot] = this.stampNs
        ring.sources[slot] = source.id
        ring.values[slot] = value
        ring.count = n + 1
        const state = dpc.state
        if (state === DPC_QUEUED) {
            // The event joins the queued batch (counted by Dpc.coalesced). A DPC that wakes its
            // thread woke it when it was queued; a `low` one wakes it only once a batch is full.
            if (!dpc.wakes) {
                if (n + 1 >= dpc.budgetEvents) this.site.wakeQueued(dpc)
            }
            return false
        }
        if (state === DPC_IDLE) {
            this.site.enqueue(dpc, this.core)
            return true
        }
        // Running: the first event beyond its batch re-queues it (its run's end puts it back in
        // a queue); later ones join that next batch.
        return n === dpc.batch.count
    }
}
