import { Clock } from "./clock"
import { Dpc, DPC_IDLE, DPC_QUEUED, DPC_RUNNING } from "./dpc"
import { DpcThread } from "./dpc-thread"
import { FaultSink } from "./fault"

/** What the dispatcher needs from the kernel (implemented by Kernel). */
export interface DispatchSite extends FaultSink {
    /** Queues a DPC that still has events after its run. */
    requeue(dpc: Dpc, fromCore: number): void
    /** Records a broken kernel invariant (never expected; counted and reported). */
    violation(message: string): void
}

/**
 * Runs DPCs on DPC threads: the only place a DPC routine is called. A run has three steps so
 * that a host that models time (the simulator) can let time pass between them:
 *
 *   begin(t)   takes the next DPC off t's queue, marks it RUNNING, fixes its batch and records
 *              each event's latency (stamp to now);
 *   execute(t) calls the routine once with the batch, isolating any error it throws;
 *   finish(t)  consumes the batch, records the run time and the watchdog, marks the DPC IDLE
 *              and re-queues it if events are left in its ring.
 *
 * `runNext(t)` does the three at once, for hosts where the routine's own execution is the time.
 * A DPC can run on only one thread at a time because `begin` takes it only from QUEUED, and a
 * DPC is in at most one queue.
 */
export class Dispatcher {
    constructor(private clock: Clock, private site: DispatchSite) {}

    /**
     * Starts the next DPC on `t`; returns it, or null when t's queue is empty (the thread then
     * counts as asleep until the kernel wakes it). Thread context; no allocation.
     */
    begin(t: DpcThread): Dpc | null {
        if (t.current !== null)
            throw new Error(`DPC thread ${t.core}.${t.thread}: begin while '${t.current.name}' is still running`)
        const dpc = t.queue.take()
        if (dpc === null) {
            t.awake = false
            return null
        }
        if (dpc.state !== DPC_QUEUED) this.site.violation(`DPC '${dpc.name}' dispatched from a queue while not QUEUED`)
        dpc.state = DPC_RUNNING
        dpc.threadIndex = t.index
        t.current = dpc

        const ring = dpc.ring
        const n = ring.count < dpc.budgetEvents ? ring.count : dpc.budgetEvents
        dpc.batch.count = n
        t.runBatch = n
        const now = this.clock.nowNs()
        t.runStartNs = now

        const st = dpc.stats
        // Slots are walked here rather than through ring.stampAt/seqAt: this loop runs once per
        // event, and each call costs in the DeviceScript VM.
        let slot = ring.head
        for (let i = 0; i < n; i++) {
            st.latency.record(now - ring.stamps[slot])
            const seq = ring.seqs[slot]
            if (seq <= dpc.lastSeq) this.site.violation(`DPC '${dpc.name}' processed event #${seq} after #${dpc.lastSeq}`)
            dpc.lastSeq = seq
            slot++
            if (slot === ring.capacity) slot = 0
        }
        st.runs++
        if (n > st.maxBatch) st.maxBatch = n
        st.coresMask |= 1 << t.core
        return dpc
    }

    /** Calls the running DPC's routine with its batch. A throw is counted and reported; it does not escape. */
    execute(t: DpcThread): void {
        const dpc = t.current
        if (dpc === null) throw new Error(`DPC thread ${t.core}.${t.thread}: execute with no DPC begun`)
        try {
            dpc.routine(dpc.batch, t)
        } catch (e: any) {
            const st = dpc.stats
            st.errors++
            st.lastError = e !== null && e !== undefined && e.message !== undefined ? "" + e.message : "" + e
            this.site.fault("error", dpc, null, t.core, st.lastError, 0)
        }
    }

    /**
     * Ends the run on `t`. `busyNs` is the processor time the run used, when the host knows it
     * apart from preemption by ISRs (the simulator does); default: the run's duration.
     */
    finish(t: DpcThread, busyNs?: number): void {
        const dpc = t.current
        if (dpc === null) throw new Error(`DPC thread ${t.core}.${t.thread}: finish with no DPC begun`)
        const runNs = this.clock.nowNs() - t.runStartNs
        const n = t.runBatch
        const st = dpc.stats
        st.runTime.record(runNs)
        if (runNs > st.longestRunNs) st.longestRunNs = runNs
        if (dpc.watchdogNs > 0 && runNs > dpc.watchdogNs) {
            st.watchdog++
            this.site.fault("watchdog", dpc, null, t.core, "", runNs)
        }
        dpc.ring.discard(n)
        st.processed += n
        t.runs++
        t.events += n
        t.busyNs += busyNs === undefined ? runNs : busyNs
        t.current = null
        t.runBatch = 0
        dpc.batch.count = 0
        dpc.state = DPC_IDLE
        dpc.threadIndex = -1
        if (dpc.ring.count > 0) this.site.requeue(dpc, t.core)
    }

    /** begin + execute + finish. Returns the DPC that ran, or null when the queue was empty. */
    runNext(t: DpcThread): Dpc | null {
        const dpc = this.begin(t)
        if (dpc !== null) {
            this.execute(t)
            this.finish(t)
        }
        return dpc
    }
}
