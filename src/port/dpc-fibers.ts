import * as ds from "@devicescript/core"
import { DpcThread, Kernel } from "../kernel/index"

/**
 * One DeviceScript fiber per kernel DPC thread. A fiber runs its thread's queue one DPC at a time,
 * yields after each run (the VM aborts a fiber that runs 128 K opcodes without suspending) and
 * parks itself with `ds.suspend()` when the queue is empty (Dispatcher.begin then marks the thread
 * asleep). The kernel's onWake, called from the ISR side, resumes it (`wake`).
 *
 * No wake-up is lost: the kernel calls onWake only for a thread marked asleep, and a fiber is
 * marked asleep only by the `runNext` that finds its queue empty, right before it suspends with
 * no `await` in between; the VM runs one fiber at a time, so nothing can interleave there.
 *
 * All fibers run on the VM's one thread: "core 1"'s fiber interleaves with "core 0"'s at their
 * `await`s; it does not run in parallel (see README.md).
 */
export class DpcFibers {
    private fibers: ds.Fiber[] = []
    /** DPC runs per thread, and times each fiber was resumed by a wake. */
    readonly runs: number[] = []
    readonly wakes: number[] = []

    constructor(private kernel: Kernel) {}

    /** Starts one fiber per kernel thread. After kernel.start(). */
    start(): void {
        const threads = this.kernel.threads
        for (let i = 0; i < threads.length; i++) {
            this.runs.push(0)
            this.wakes.push(0)
        }
        for (let i = 0; i < threads.length; i++) this.fibers.push(dpcLoop.start(this, threads[i]))
    }

    /** Ends every DPC fiber (the port's stop). */
    stop(): void {
        for (let i = 0; i < this.fibers.length; i++) this.fibers[i].terminate()
        this.fibers = []
    }

    /** The kernel's onWake: resumes the thread's fiber if it is parked. ISR-safe; never runs a DPC. */
    wake(t: DpcThread): void {
        const f = this.fibers[t.index]
        if (f !== undefined && f.suspended) {
            this.wakes[t.index]++
            f.resume(null)
        }
    }

    /** The VM fiber id serving thread `index`. */
    fiberId(index: number): number {
        return this.fibers[index].id
    }

    /** Runs the next DPC of `t`; returns false when its queue was empty. */
    step(t: DpcThread): boolean {
        if (this.kernel.dispatcher.runNext(t) === null) return false
        this.runs[t.index]++
        return true
    }

    /** True when every DPC fiber is parked with nothing to do (no thread awake, no DPC running). */
    idle(): boolean {
        const threads = this.kernel.threads
        for (let i = 0; i < threads.length; i++) {
            if (threads[i].awake || threads[i].current !== null) return false
            if (this.fibers[i] === undefined || !this.fibers[i].suspended) return false
        }
        return true
    }
}

async function dpcLoop(fibers: DpcFibers, t: DpcThread) {
    while (true) {
        if (fibers.step(t)) await ds.sleep(0)
        else await ds.suspend()
    }
}
