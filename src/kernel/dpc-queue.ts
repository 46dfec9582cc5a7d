import { Dpc } from "./dpc"

/**
 * Queue of DPCs waiting for one DPC thread. Intrusive singly linked list through `Dpc.next`:
 * insertion and removal never allocate.
 *
 * Ordering (SPEC 2): `high` importance goes to the head, `medium` and `low` to the tail.
 */
export class DpcQueue {
    private head: Dpc | null = null
    private tail: Dpc | null = null
    /** DPCs in the queue. */
    length = 0
    /** Largest `length` seen. */
    maxLength = 0

    /** Inserts by importance. Caller guarantees the DPC is in no queue. ISR-safe, no allocation. */
    insert(dpc: Dpc): void {
        if (dpc.importance === "high") {
            dpc.next = this.head
            this.head = dpc
            if (this.tail === null) this.tail = dpc
        } else {
            dpc.next = null
            if (this.tail === null) this.head = dpc
            else this.tail.next = dpc
            this.tail = dpc
        }
        this.length++
        if (this.length > this.maxLength) this.maxLength = this.length
    }

    /** Removes and returns the head, or null when empty. */
    take(): Dpc | null {
        const dpc = this.head
        if (dpc === null) return null
        this.head = dpc.next
        if (this.head === null) this.tail = null
        dpc.next = null
        this.length--
        return dpc
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
