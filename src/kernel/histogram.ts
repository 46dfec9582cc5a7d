/**
 * Log-linear histogram of non-negative durations in nanoseconds, with fixed memory.
 *
 * Values are counted in units of the host clock's resolution (`unitNs`: 1 on the simulator's
 * ns clock, 1,000,000 on DeviceScript's ms clock). With `subBits` = b, values below 2^(b+1)
 * units each have their own bucket; above that, every power-of-two range [2^e, 2^(e+1)) units
 * is split into 2^b equal buckets, so a bucket is at most 1/2^b of its value wide. Values from
 * about 2^36 ns (69 s) up share the last bucket. The exact maximum is kept beside the buckets.
 *
 * Recording is the kernel's hot path (for every event a DPC processes; on a DeviceScript board
 * every opcode costs microseconds): the last sample's value again is one increment, another value
 * in the last one's bucket a comparison more, a value below 256 units a table look-up (the
 * layout's `bucketOfUnits`); only larger ones take a logarithm. Counts and percentiles are
 * computed when they are reported.
 *
 *   subBits 2, unit 1 ns (the kernel's default): 140 buckets, width <= 25 %
 *   subBits 4, unit 1 ns (the simulator's):      528 buckets, width <= 6.25 %
 *   subBits 1, unit 1 ms (the DeviceScript port): 34 buckets, 0-3 ms exact, then width <= 50 %
 *
 * A percentile is reported as the upper edge of the bucket that holds it, clamped to the exact
 * maximum: the true value is never above the reported one by more than the bucket width.
 */
export const MAX_EXP = 36
export const DEFAULT_SUB_BITS = 2
export const MAX_SUB_BITS = 6
const LOG2E = 1.4426950408889634

/** Values below this many units take their bucket from a table (on a ms clock: latencies up to 256 ms). */
const TABLE_UNITS = 256

// 2^k for k = 0..MAX_EXP, computed once.
const POW2: number[] = []
let pow = 1
for (let k = 0; k <= MAX_EXP; k++) {
    POW2.push(pow)
    pow *= 2
}

/** Bucket layout for a given precision and clock unit. Shared by every histogram of that layout. */
export class BucketLayout {
    readonly subBits: number
    readonly sub: number
    /** The clock's resolution: values are counted in whole units. */
    readonly unitNs: number
    /** Values below this many units each have a bucket of their own. */
    readonly linear: number
    readonly minExp: number
    /** Values from 2^maxExp units up share the last bucket (about 2^36 ns). */
    readonly maxExp: number
    readonly buckets: number
    /** Values below this many units find their bucket in `bucketOfUnits` (no logarithm). */
    readonly tableUnits: number
    /** The bucket of each value below tableUnits units. */
    readonly bucketOfUnits: number[] = []
    /** The lower edge of each bucket, in units (one more at the end: the last bucket's upper edge). */
    readonly edgeUnits: number[] = []

    constructor(subBits: number, unitNs?: number) {
        if (!(subBits >= 0 && subBits <= MAX_SUB_BITS && Math.floor(subBits) === subBits))
            throw new Error(`histogram: sub-bucket bits must be a whole number from 0 to ${MAX_SUB_BITS}, got ${subBits}`)
        const unit = unitNs === undefined ? 1 : unitNs
        if (!(unit >= 1 && Math.floor(unit) === unit && unit <= POW2[30]))
            throw new Error(`histogram: the clock unit must be a whole number of ns from 1 to 2^30, got ${unitNs}`)
        this.subBits = subBits
        this.sub = POW2[subBits]
        this.unitNs = unit
        this.minExp = subBits + 1
        this.linear = POW2[this.minExp]
        let bits = 0
        while (POW2[bits + 1] <= unit) bits++
        this.maxExp = MAX_EXP - bits > this.minExp ? MAX_EXP - bits : this.minExp + 1
        this.buckets = this.linear + (this.maxExp - this.minExp) * this.sub
        for (let b = 0; b < this.buckets; b++) this.edgeUnits.push(b === 0 ? 0 : this.upperNs(b - 1) / unit)
        this.edgeUnits.push(this.upperNs(this.buckets - 1) / unit)
        this.tableUnits = TABLE_UNITS < POW2[this.maxExp] ? TABLE_UNITS : POW2[this.maxExp]
        for (let u = 0; u < this.tableUnits; u++) this.bucketOfUnits.push(this.bucketOf(u * unit))
    }

    /** Bucket index of a value in ns. */
    bucketOf(ns: number): number {
        const u = Math.floor(ns / this.unitNs)
        if (u < this.linear) return u < 0 ? 0 : u
        if (u >= POW2[this.maxExp]) return this.buckets - 1
        // A float estimate of log2, corrected against the exact powers of two. Math.log, not
        // Math.log2: in DeviceScript log2 is a TypeScript wrapper, and every call costs.
        let e = Math.floor(Math.log(u) * LOG2E)
        if (POW2[e] > u) e--
        else if (e + 1 <= this.maxExp && POW2[e + 1] <= u) e++
        const s = Math.floor(u / POW2[e - this.subBits]) - this.sub
        return this.linear + (e - this.minExp) * this.sub + s
    }

    /** Smallest value (ns) of the bucket after `b` (the exclusive upper edge of bucket b). */
    upperNs(b: number): number {
        if (b < this.linear) return (b + 1) * this.unitNs
        const e = this.minExp + Math.floor((b - this.linear) / this.sub)
        const s = (b - this.linear) % this.sub
        return (this.sub + s + 1) * POW2[e - this.subBits] * this.unitNs
    }
}

export class Histogram {
    /** The largest sample (0 before the first). */
    maxNs = 0
    private counts: number[] = []
    /** The lowest and highest buckets that hold a sample (counts and percentiles look only there); low > high while empty. */
    private low: number
    private high = -1
    /**
     * The bucket of the last sample and its range [lastLo, lastHi): consecutive samples often
     * fall in the same bucket (a DPC's latency and run time cluster; on a millisecond clock most
     * are 0 or 1 ms), and then recording is an increment. Empty range at first and after a reset.
     */
    private lastBucket = 0
    private lastLo = 0
    private lastHi = 0
    /** The last sample (NaN at first and after a reset: no value equals it). */
    private lastNs = NaN

    constructor(readonly layout: BucketLayout) {
        for (let i = 0; i < layout.buckets; i++) this.counts.push(0)
        this.low = layout.buckets
    }

    /** Adds one sample (a negative one counts as 0). No allocation. */
    record(ns: number): void {
        this.recordTimes(ns, 1)
    }

    /**
     * Adds `times` samples of the same value. No allocation. The same value as the last sample's
     * (on a millisecond clock, the usual case) is one increment.
     */
    recordTimes(ns: number, times: number): void {
        if (ns !== this.lastNs) this.enterValue(ns)
        const counts = this.counts
        const b = this.lastBucket
        counts[b] = counts[b] + times
    }

    /**
     * Adds `nowNs - stamps[(head + i) & mask]` for i < n: the latencies of a DPC run's events,
     * read straight from its ring (one call a run, not one an event). Events stamped alike (on a
     * millisecond clock, those of one pin scan) and runs of events in one bucket are counted
     * together; a latency below `tableUnits` units costs one table look-up. No allocation.
     */
    recordLatencies(stamps: number[], head: number, mask: number, n: number, nowNs: number): void {
        const layout = this.layout
        const unit = layout.unitNs
        const tableNs = layout.tableUnits * unit
        const table = layout.bucketOfUnits
        const counts = this.counts
        let last = this.lastNs
        let b = this.lastBucket
        // Events are counted into their bucket a run at a time: `from` is the index where the
        // run of bucket b began (on a millisecond clock a batch's latencies often repeat, or
        // stay within one bucket). The smallest and largest latency below the table's reach
        // update the maximum and the lowest and highest bucket in use once, after the loop.
        let from = head
        let lo = tableNs
        let hi = -1
        const end = head + n
        for (let i = head; i < end; i++) {
            const ns = nowNs - stamps[i & mask]
            if (ns !== last) {
                last = ns
                let nb = 0
                if (ns < tableNs) {
                    if (ns > hi) hi = ns
                    if (ns < lo) lo = ns
                    if (ns >= 0) nb = table[(ns / unit) | 0]
                } else {
                    this.enterValue(ns)
                    nb = this.lastBucket
                }
                if (nb !== b) {
                    if (i > from) counts[b] = counts[b] + (i - from)
                    from = i
                    b = nb
                }
            }
        }
        if (end > from) counts[b] = counts[b] + (end - from)
        if (lo < tableNs) {
            // A bucket grows with its value: lo's is the lowest, hi's the highest (a negative latency counts as 0).
            const bl = lo >= 0 ? table[(lo / unit) | 0] : 0
            const bh = hi >= 0 ? table[(hi / unit) | 0] : 0
            if (bl < this.low) this.low = bl
            if (bh > this.high) this.high = bh
            if (hi > this.maxNs) this.maxNs = hi
        }
        // The cache now holds the last value and its bucket, with no range (the next other value looks its bucket up).
        this.lastNs = last
        this.lastBucket = b
        this.lastLo = 0
        this.lastHi = 0
    }

    /** A value other than the last one: its bucket (cached while values stay in it) and the maximum. */
    private enterValue(ns: number): void {
        this.lastNs = ns
        if (ns > this.maxNs) this.maxNs = ns
        if (ns < this.lastHi) {
            if (ns >= this.lastLo) return
        }
        this.enterBucket(ns)
    }

    /** Makes the bucket of `ns` the cached one (a sample outside the last one's bucket). */
    private enterBucket(ns: number): void {
        const layout = this.layout
        const unit = layout.unitNs
        const u = Math.floor(ns / unit)
        let b = 0
        if (u < layout.tableUnits) {
            if (u > 0) b = layout.bucketOfUnits[u]
        } else b = layout.bucketOf(ns)
        const edges = layout.edgeUnits
        this.lastLo = edges[b] * unit
        this.lastHi = edges[b + 1] * unit
        this.lastBucket = b
        if (b < this.low) this.low = b
        if (b > this.high) this.high = b
    }

    /** Samples recorded (a sum over the buckets: computed when asked, so recording stays cheap). */
    count(): number {
        let n = 0
        const counts = this.counts
        for (let b = this.low; b <= this.high; b++) n += counts[b]
        return n
    }

    /**
     * The value at percentile `p` (0 < p <= 100) in ns, as an upper bound (see the file comment);
     * 0 when there are no samples. `samples`: count(), when the caller has it already.
     */
    percentileNs(p: number, samples?: number): number {
        const total = samples === undefined ? this.count() : samples
        if (total === 0) return 0
        let rank = Math.ceil((p / 100) * total)
        if (rank < 1) rank = 1
        let seen = 0
        const layout = this.layout
        for (let b = this.low; b <= this.high; b++) {
            seen += this.counts[b]
            if (seen >= rank) {
                // The bucket's largest value the clock can give (a linear bucket holds just one).
                const v = b < layout.linear ? b * layout.unitNs : layout.upperNs(b) - layout.unitNs
                return v > this.maxNs ? this.maxNs : v
            }
        }
        return this.maxNs
    }

    /** Adds every sample of `other`, which must have the same layout. No allocation. */
    add(other: Histogram): void {
        if (other.layout.buckets !== this.layout.buckets) throw new Error("histogram: cannot add a histogram of another layout")
        for (let i = other.low; i <= other.high; i++) this.counts[i] += other.counts[i]
        if (other.low < this.low) this.low = other.low
        if (other.high > this.high) this.high = other.high
        if (other.maxNs > this.maxNs) this.maxNs = other.maxNs
    }

    reset(): void {
        for (let i = 0; i < this.counts.length; i++) this.counts[i] = 0
        this.maxNs = 0
        this.low = this.layout.buckets
        this.high = -1
        // An empty range and no last value: the next sample computes its bucket.
        this.lastLo = 0
        this.lastHi = 0
        this.lastNs = NaN
    }
}
