/**
 * Log-linear histogram of non-negative durations in nanoseconds, with fixed memory.
 *
 * With `subBits` = b, values below 2^(b+1) ns each have their own bucket; above that, every
 * power-of-two range [2^e, 2^(e+1)) is split into 2^b equal buckets, so a bucket is at most
 * 1/2^b of its value wide. Values from 2^MAX_EXP ns (about 69 s) up share the last bucket. The
 * exact minimum, maximum, count and sum are kept beside the buckets.
 *
 *   subBits 2 (the kernel's default):  140 buckets, width <= 25 %   (fits an MCU heap)
 *   subBits 4 (the simulator's):       528 buckets, width <= 6.25 %
 *
 * A percentile is reported as the upper edge of the bucket that holds it, clamped to the exact
 * [min, max]: the true value is never above the reported one by more than the bucket width.
 */
export const MAX_EXP = 36
export const DEFAULT_SUB_BITS = 2
export const MAX_SUB_BITS = 6
const LOG2E = 1.4426950408889634

// 2^k for k = 0..MAX_EXP, computed once.
const POW2: number[] = []
let pow = 1
for (let k = 0; k <= MAX_EXP; k++) {
    POW2.push(pow)
    pow *= 2
}

/** Bucket layout for a given number of sub-bucket bits. Shared by every histogram of that precision. */
export class BucketLayout {
    readonly subBits: number
    readonly sub: number
    /** Values below this each have a bucket of their own. */
    readonly linear: number
    readonly minExp: number
    readonly buckets: number

    constructor(subBits: number) {
        if (!(subBits >= 0 && subBits <= MAX_SUB_BITS && Math.floor(subBits) === subBits))
            throw new Error(`histogram: sub-bucket bits must be a whole number from 0 to ${MAX_SUB_BITS}, got ${subBits}`)
        this.subBits = subBits
        this.sub = POW2[subBits]
        this.minExp = subBits + 1
        this.linear = POW2[this.minExp]
        this.buckets = this.linear + (MAX_EXP - this.minExp) * this.sub
    }

    /** Bucket index of a value in ns. */
    bucketOf(ns: number): number {
        if (ns < this.linear) return ns < 0 ? 0 : Math.floor(ns)
        if (ns >= POW2[MAX_EXP]) return this.buckets - 1
        // A float estimate of log2, corrected against the exact powers of two. Math.log, not
        // Math.log2: in DeviceScript log2 is a TypeScript wrapper, and every call costs.
        let e = Math.floor(Math.log(ns) * LOG2E)
        if (POW2[e] > ns) e--
        else if (e + 1 <= MAX_EXP && POW2[e + 1] <= ns) e++
        const s = Math.floor(ns / POW2[e - this.subBits]) - this.sub
        return this.linear + (e - this.minExp) * this.sub + s
    }

    /** Smallest value of the bucket after `b` (the exclusive upper edge of bucket b). */
    upperNs(b: number): number {
        if (b < this.linear) return b + 1
        const e = this.minExp + Math.floor((b - this.linear) / this.sub)
        const s = (b - this.linear) % this.sub
        return (this.sub + s + 1) * POW2[e - this.subBits]
    }
}

export class Histogram {
    count = 0
    sumNs = 0
    minNs = 0
    maxNs = 0
    private counts: number[] = []
    /**
     * The bucket of the last sample and its range [lastLo, lastHi): consecutive samples often
     * fall in the same bucket (a DPC's latency and run time cluster), and then no logarithm is
     * needed. Empty range at first and after a reset (so the first sample sets min and max).
     */
    private lastBucket = 0
    private lastLo = 0
    private lastHi = 0

    constructor(readonly layout: BucketLayout) {
        for (let i = 0; i < layout.buckets; i++) this.counts.push(0)
    }

    /** Adds one sample. No allocation. */
    record(ns: number): void {
        // Outside the previous sample's bucket (rare: samples cluster), the bucket is computed.
        if (!(ns >= this.lastLo && ns < this.lastHi)) ns = this.enterBucket(ns)
        this.counts[this.lastBucket]++
        if (ns < this.minNs) this.minNs = ns
        if (ns > this.maxNs) this.maxNs = ns
        this.count++
        this.sumNs += ns
    }

    /**
     * Makes the bucket of `ns` (negative counts as 0) the cached one, and starts min and max at
     * the first sample. Returns the value to record.
     */
    private enterBucket(ns: number): number {
        if (ns < 0) ns = 0
        const layout = this.layout
        const b = layout.bucketOf(ns)
        this.lastBucket = b
        this.lastHi = layout.upperNs(b)
        this.lastLo = b === 0 ? 0 : layout.upperNs(b - 1)
        if (this.count === 0) {
            this.minNs = ns
            this.maxNs = ns
        }
        return ns
    }

    /**
     * The value at percentile `p` (0 < p <= 100) in ns, as an upper bound (see the file comment);
     * 0 when there are no samples.
     */
    percentileNs(p: number): number {
        if (this.count === 0) return 0
        let rank = Math.ceil((p / 100) * this.count)
        if (rank < 1) rank = 1
        let seen = 0
        const layout = this.layout
        // Buckets below the minimum's are empty.
        for (let b = layout.bucketOf(this.minNs); b < layout.buckets; b++) {
            seen += this.counts[b]
            if (seen >= rank) {
                let v = b < layout.linear ? b : layout.upperNs(b) - 1
                if (v > this.maxNs) v = this.maxNs
                if (v < this.minNs) v = this.minNs
                return v
            }
        }
        return this.maxNs
    }

    /** Adds every sample of `other`, which must have the same layout. No allocation. */
    add(other: Histogram): void {
        if (other.layout.buckets !== this.layout.buckets) throw new Error("histogram: cannot add a histogram of another layout")
        if (other.count === 0) return
        for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i]
        if (this.count === 0 || other.minNs < this.minNs) this.minNs = other.minNs
        if (other.maxNs > this.maxNs) this.maxNs = other.maxNs
        this.count += other.count
        this.sumNs += other.sumNs
    }

    reset(): void {
        for (let i = 0; i < this.counts.length; i++) this.counts[i] = 0
        this.count = 0
        this.sumNs = 0
        this.minNs = 0
        this.maxNs = 0
        // An empty range: the next sample computes its bucket.
        this.lastLo = 0
        this.lastHi = 0
    }
}
