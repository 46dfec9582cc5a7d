/**
 * A DPC thread's fiber (src/port/dpc-fibers.ts dpcLoop): its slice is one Dispatcher.runNext of
 * its thread; after a run it sleeps 1 ms (a real sleep, so that the runtime's main loop gets its
 * turn), and when the queue is empty it parks (`ds.suspend()`) until the kernel's onWake resumes
 * it. Every thread's fiber runs on the VM's one thread: the kernel's "core 1" thread interleaves
 * with "core 0"'s at their awaits. The trace shows each fiber as a thread of the VM's core, numbered
 * by its kernel thread's index.
 */
import { DPC_QUEUED, Dispatcher, DpcThread } from "../../../src/kernel"
import { Recorder } from "../../model/recorder"
import { Costs } from "./costs"
import { Fiber, Vm } from "./vm"

export class DpcFiber extends Fiber {
    /** Times the kernel's onWake resumed it. */
    wakes = 0
    private ran = ""
    private batch = 0

    constructor(readonly thread: DpcThread, private dispatcher: Dispatcher, private costs: Costs) {
        super(`DPC thread ${thread.index}`, "dpc")
    }

    slice(vm: Vm): void {
        const t = this.thread
        const dpc = t.head
        this.ran = ""
        if (dpc === null) {
            this.dispatcher.runNext(t)
            this.costs.dpcPark()
            vm.suspend(this)
            return
        }
        // The batch the run will take, and how many of its stamps differ from the one before.
        const ring = dpc.ring
        const n = Math.min(ring.count, dpc.budgetEvents)
        let distinct = 0
        for (let i = 1; i < n; i++) if (ring.stamps[(ring.head + i) & ring.mask] !== ring.stamps[(ring.head + i - 1) & ring.mask]) distinct++
        this.costs.inRoutine = true
        try {
            this.dispatcher.runNext(t)
        } finally {
            this.costs.inRoutine = false
        }
        this.costs.dpcRun(dpc, n, distinct, dpc.state === DPC_QUEUED)
        this.ran = dpc.name
        this.batch = n
        this.label = dpc.name
        vm.sleep(this, 1)
    }

    traceBegin(r: Recorder, core: number, ns: number): void {
        if (this.ran !== "") r.dpcBegin(core, this.thread.index, this.thread.index, this.ran, ns, this.batch)
    }

    traceEnd(r: Recorder, core: number, ns: number): void {
        if (this.ran !== "") r.dpcEnd(core, this.thread.index, this.thread.index, this.ran, ns)
    }
}
