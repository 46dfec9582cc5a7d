import { Clock } from "./clock"
import { Dpc, DPC_IDLE, DPC_QUEUED, DPC_RUNNING } from "./dpc"
import { DpcThread } from "./dpc-thread"
import { FaultSink } from "./fault"

/** What the dispatcher needs from the kernel (implemented by Kernel). */
export interface DispatchSite extends FaultSink {
    /** Queues a DPC that still has events after its run (as a request for it would). */
    enqueue(dpc: Dpc, fromCore: number): void
    /** Records a broken kernel invariant (never expected; counted and reported). */
    violation(message: string): void
}

/**
 * Runs DPCs on DPC threads: the only place a DPC routine is called.
 *
 * `runNext(t)` runs the next DPC of t's queue to completion: the DeviceScript port's path, where
 * a run is one fiber slice and the routine's own execution is the time. For a host that models
 * time (the simulator), a run has three steps so that time can pass between them:
 *
 *   begin(t)   takes the next DPC off t's queue, marks it RUNNING, fixes its batch and records
 *              each event's latency (stamp to now);
 *   execute(t) calls the routine once with the batch, isolating any error it throws;
 *   finish(t)  consumes the batch, records the run time and the watchdog, marks the DPC IDLE
 *              and re-queues it if events are left in its ring.
 *
 * Both go through the same `start` and `end`. A DPC can run on only one thread at a time because
 * a run starts only from a queue's head, a DPC is in at most one queue, and only in state QUEUED.
 *
 * Hot path: on a DeviceScript board every opcode here costs microseconds, so the queue's take
 * and the ring's discard are written out, a batch's latencies are recorded in one call,
 * checks run only in the kernel's `checks` mode, and run times only when the clock can time a
 * run (`timeRuns`).
 */
export class Dispatcher {
    constructor(private clock: Clock, private site: DispatchSite, private checks: boolean, private timeRuns: boolean) {}

    /** Runs the next DPC of `t` (start, routine, end); returns it, or null when t's queue was empty. No allocation. */
    runNext(t: DpcThread): Dpc | null {
        const dpc = t.head
        if (dpc) {
            this.start(t, dpc)
            try {
                dpc.routine(dpc.batch, t)
            } catch (e: any) {
                this.failed(t, dpc, e)
            }
            this.end(t, dpc, -1)
            return dpc
        }
        // Empty: the thread counts as asleep until the kernel wakes it.
        t.awake = false
        return null
    }

    /**
     * Starts the next DPC on `t`; returns it, or null when t's queue is empty (the thread then
     * counts as asleep until the kernel wakes it). Thread context; no allocation.
     */
    begin(t: DpcThread): Dpc | null {
        if (t.current !== null)
            throw new Error(`DPC thread ${t.core}.${t.thread}: begin while '${t.current.name}' is still running`)
        const dpc = t.head
        if (dpc) {
            this.start(t, dpc)
            return dpc
        }
        t.awake = false
        return null
    }

    /** Calls the running DPC's routine with its batch. A throw is counted and reported; it does not escape. */
    execute(t: DpcThread): void {
        const dpc = t.current
        if (dpc === null) throw new Error(`DPC thread ${t.core}.${t.thread}: execute with no DPC begun`)
        try {
            dpc.routine(dpc.batch, t)
        } catch (e: any) {
            this.failed(t, dpc, e)
        }
    }

    /**
     * Ends the run on `t`. `busyNs` is the processor time the run used, when the host knows it
     * apart from preemption by ISRs (the simulator does); default: the run's duration.
     */
    finish(t: DpcThread, busyNs?: number): void {
        const dpc = t.current
        if (dpc === null) throw new Error(`DPC thread ${t.core}.${t.thread}: finish with no DPC begun`)
        this.end(t, dpc, busyNs === undefined ? -1 : busyNs)
    }

    /** Takes `dpc` (t's head) off the queue and starts its run: batch, latencies, counters. */
    private start(t: DpcThread, dpc: Dpc): void {
        if (this.checks) this.checkStart(dpc)
        const next = dpc.next
        t.head = next
        if (next === null) {
            t.tail = null
            t.length = 0
        } else {
            dpc.next = null
            t.length = t.length - 1
        }
        dpc.state = DPC_RUNNING
        t.current = dpc

        const ring = dpc.ring
        const st = dpc.stats
        let n = ring.count
        if (n > dpc.budgetEvents) {
            n = dpc.budgetEvents
            st.leftoverRuns++
        }
        const batch = dpc.batch
        batch.count = n
        batch.head = ring.head
        const now = this.clock.nowNs()
        if (this.timeRuns) t.runStartNs = now

        if (n === 1) st.latency.recordTimes(now - ring.stamps[ring.head], 1)
        else st.latency.recordLatencies(ring.stamps, ring.head, ring.mask, n, now)
        st.runs = st.runs + 1
        if (n > st.maxBatch) st.maxBatch = n
        // A DPC with a home thread runs only there: its cores and its thread's counts are derived.
        if (dpc.roams) st.coresSeen = st.coresSeen | t.coreBit
    }

    /** `checks` mode: the DPC was queued, and its batch keeps each source's order (SPEC 2). */
    private checkStart(dpc: Dpc): void {
        if (dpc.state !== DPC_QUEUED) this.site.violation(`DPC '${dpc.name}' dispatched from a queue while not QUEUED`)
        const ring = dpc.ring
        const n = ring.count < dpc.budgetEvents ? ring.count : dpc.budgetEvents
        for (let i = 0; i < n; i++) {
            const seq = ring.seqs[(ring.head + i) & ring.mask]
            if (seq <= dpc.lastSeq) this.site.violation(`DPC '${dpc.name}' processed event #${seq} after #${dpc.lastSeq}`)
            dpc.lastSeq = seq
        }
    }

    private failed(t: DpcThread, dpc: Dpc, e: any): void {
        const st = dpc.stats
        st.errors++
        st.lastError = e !== null && e !== undefined && e.message !== undefined ? "" + e.message : "" + e
        this.site.fault("error", dpc, null, t.core, st.lastError, 0)
    }

    /** Ends `dpc`'s run on `t`: run time (`busyNs` < 0: the run's duration), batch consumed, re-queued if events are left. */
    private end(t: DpcThread, dpc: Dpc, busyNs: number): void {
        const n = dpc.batch.count
        const st = dpc.stats
        if (this.timeRuns) {
            const runNs = this.clock.nowNs() - t.runStartNs
            st.runTime.record(runNs)
            if (runNs > dpc.watchdogLimitNs) {
                st.watchdog++
                this.site.fault("watchdog", dpc, null, t.core, "", runNs)
            }
            t.busyNs = t.busyNs + (busyNs < 0 ? runNs : busyNs)
        }
        const ring = dpc.ring
        ring.head = (ring.head + n) & ring.mask
        const left = ring.count - n
        ring.count = left
        st.processed = st.processed + n
        if (dpc.roams) {
            t.runs = t.runs + 1
            t.events = t.events + n
        }
        t.current = null
        dpc.state = DPC_IDLE
        if (left > 0) this.site.enqueue(dpc, t.core)
    }
}
