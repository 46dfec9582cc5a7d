/**
 * Fixed-capacity FIFO of interrupt events, one per DPC.
 *
 * An event is four numbers kept in parallel arrays allocated once at construction:
 * its stamp (ns), the id of the source that raised it, a source-defined value (edge, level,
 * alarm index...) and a kernel-wide sequence number. Pushing into a full ring fails; the
 * caller counts the drop. Nothing here allocates after the constructor.
 *
 * `head`, `stamps` and `seqs` are public for the dispatcher's per-event loop only (a method
 * call per event is expensive in the DeviceScript VM); everything else uses the methods.
 */
export class EventRing {
    readonly capacity: number
    /** Number of events held (including a batch being processed). */
    count = 0
    /** Slot of the oldest event. Kernel-internal: read by Dispatcher.begin. */
    head = 0
    /** Kernel-internal: read by Dispatcher.begin. */
    readonly stamps: number[] = []
    private sources: number[] = []
    private values: number[] = []
    /** Kernel-internal: read by Dispatcher.begin. */
    readonly seqs: number[] = []

    constructor(capacity: number) {
        this.capacity = capacity
        for (let i = 0; i < capacity; i++) {
            this.stamps.push(0)
            this.sources.push(0)
            this.values.push(0)
            this.seqs.push(0)
        }
    }

    /** Appends an event. ISR-safe, no allocation. Returns false (and stores nothing) when full. */
    push(stampNs: number, source: number, value: number, seq: number): boolean {
        if (this.count >= this.capacity) return false
        let slot = this.head + this.count
        if (slot >= this.capacity) slot -= this.capacity
        this.stamps[slot] = stampNs
        this.sources[slot] = source
        this.values[slot] = value
        this.seqs[slot] = seq
        this.count++
        return true
    }

    /** Removes the `n` oldest events. */
    discard(n: number): void {
        if (n > this.count) n = this.count
        this.head += n
        if (this.head >= this.capacity) this.head -= this.capacity
        this.count -= n
    }

    private slot(i: number): number {
        const s = this.head + i
        return s >= this.capacity ? s - this.capacity : s
    }

    /** Stamp of the i-th oldest event (0 = oldest). */
    stampAt(i: number): number {
        return this.stamps[this.slot(i)]
    }

    sourceAt(i: number): number {
        return this.sources[this.slot(i)]
    }

    valueAt(i: number): number {
        return this.values[this.slot(i)]
    }

    seqAt(i: number): number {
        return this.seqs[this.slot(i)]
    }
}
