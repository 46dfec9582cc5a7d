/**
 * Fixed-capacity FIFO of interrupt events, one per DPC.
 *
 * An event is its stamp (ns), the id of the source that raised it, a source-defined value (edge,
 * level, alarm index...) and, in the kernel's `checks` mode, a kernel-wide sequence number: four
 * parallel arrays allocated once at construction. The arrays hold a power of two of slots (at
 * least `capacity`), so a slot is `(head + i) & mask`: on a DeviceScript board every opcode
 * counts, and a mask is cheaper than a wrap-around test.
 *
 * The ring is plain storage: the kernel's request path (RequestContext.request) appends to it
 * and the dispatcher (Dispatcher.start/end) reads and consumes batches, both writing the slots
 * directly; a DPC routine reads its batch through an EventBatch. Nothing here allocates after
 * the constructor.
 */
export class EventRing {
    /** Most events held; a request that finds the ring full is dropped (and counted). */
    readonly capacity: number
    /** Slots - 1, slots being the smallest power of two >= capacity. */
    readonly mask: number
    /** Number of events held (including a batch being processed). */
    count = 0
    /** Slot of the oldest event. */
    head = 0
    readonly stamps: number[] = []
    readonly sources: number[] = []
    readonly values: number[] = []
    /** Sequence numbers, written in the kernel's `checks` mode only. */
    readonly seqs: number[] = []

    constructor(capacity: number) {
        this.capacity = capacity
        let slots = 1
        while (slots < capacity) slots *= 2
        this.mask = slots - 1
        for (let i = 0; i < slots; i++) {
            this.stamps.push(0)
            this.sources.push(0)
            this.values.push(0)
            this.seqs.push(0)
        }
    }
}
