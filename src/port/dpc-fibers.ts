import * as ds from "@devicescript/core"
import { Dispatcher, DpcThread, Kernel } from "../kernel/index"

/**
 * One DeviceScript fiber per kernel DPC thread. A fiber's slice is one `runNext` of its thread:
 * after a run it sleeps until the next millisecond (a real sleep, so that the runtime's main loop
 * gets its turn to send the log and serve USB however much work is queued: a fiber that is always
 * due would starve them, see src/port/README.md), and when its queue is empty it parks with
 * `ds.suspend()` (Dispatcher.runNext then marked the thread asleep). The kernel's onWake, called
 * from the ISR side, resumes it (`wake`).
 *
 * No wake-up is lost: the kernel calls onWake only for a thread marked asleep, and a fiber is
 * marked asleep only by the `runNext` that finds its queue empty, right before it suspends with
 * no `await` in between; the VM runs one fiber at a time, so nothing can interleave there.
 *
 * All fibers run on the VM's one thread: "core 1"'s fiber interleaves with "core 0"'s at their
 * `await`s; it does not run in parallel (see README.md).
 */
/**
 * A DPC thread's fiber as the port's `stepped` schedule keeps it (no VM fiber): a driver runs
 * its slices (DpcFibers.step) while it is not suspended, as the runtime runs a fiber that is due.
 */
class SteppedFiber {
    suspended = true
    constructor(readonly id: number) {}
    resume(v: any): void {
        this.suspended = false
    }
    terminate(): void {}
}

export class DpcFibers {
    private fibers: (ds.Fiber | SteppedFiber)[] = []
    /** Times each thread's fiber was resumed by a wake. */
    readonly wakes: number[] = []

    constructor(readonly kernel: Kernel) {}

    /** Starts one fiber per kernel thread (`stepped`: records a driver steps instead). After kernel.start(). */
    start(stepped: boolean): void {
        const threads = this.kernel.threads
        for (let i = 0; i < threads.length; i++) this.wakes.push(0)
        for (let i = 0; i < threads.length; i++)
            this.fibers.push(stepped ? new SteppedFiber(-1 - i) : dpcLoop.start(this.kernel.dispatcher, threads[i]))
    }

    /** `stepped` schedule: whether thread i's fiber is due (woken, not parked). */
    due(i: number): boolean {
        return !this.fibers[i].suspended
    }

    /** `stepped` schedule: thread i's fiber's slice (dpcLoop's body); false when it parked. */
    step(i: number): boolean {
        if (this.kernel.dispatcher.runNext(this.kernel.threads[i]) !== null) return true
        ;(this.fibers[i] as SteppedFiber).suspended = true
        return false
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

async function dpcLoop(d: Dispatcher, t: DpcThread) {
    for (;;) {
        if (d.runNext(t) !== null) await ds.sleep(1)
        else await ds.suspend()
    }
}
