import { Dpc } from "./dpc"

/**
 * Queue of DPCs waiting for one DPC thread. Intrusive singly linked list through `Dpc.next`:
 * insertion and removal never allocate. `insert` is here; the dispatcher takes the head itself
 * (Dispatcher.start: its hot path). A DPC in no queue has `next` null.
 *
 * Ordering (SPEC 2): `high` importance goes to the head, `medium` and `low` to the tail.
 */
export class DpcQueue {
    /** First and last DPC. Kernel-internal: Dispatcher.begin takes the head itself (hot path). */
    head: Dpc | null = null
    tail: Dpc | null = null
    /** DPCs in the queue. */
    length = 0
    /** Largest `length` seen once two or more were queued (1 deep is not recorded: DpcThread.maxQueued). */
    maxLength = 0

    /** Inserts by importance. Caller guarantees the DPC is in no queue. ISR-safe, no allocation. */
    insert(dpc: Dpc): void {
        const tail = this.tail
        if (tail === null) {
            // Into an empty queue (the usual case): importance makes no difference.
            this.head = dpc
            this.tail = dpc
            this.length = 1
            return
        }
        const n = this.length + 1
        this.length = n
        if (n > this.maxLength) this.maxLength = n
        if (dpc.importance === "high") {
            dpc.next = this.head
            this.head = dpc
        } else {
            // A DPC in no queue has no `next` (taking it off a queue clears it).
            tail.next = dpc
            this.tail = dpc
        }
    }

    /** The DPC at position i from the head (0 = next to run), or null. For inspection and tests. */
    peek(i: number): Dpc | null {
        let d = this.head
        while (d !== null && i > 0) {
            d = d.next
            i--
        }
        return d
    }
}
