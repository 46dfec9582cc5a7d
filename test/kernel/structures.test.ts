/**
 * The kernel's small data structures: the manual clock, the event ring, the histogram.
 */
import assert from "node:assert/strict"
import fc from "fast-check"
import { BucketLayout, EventRing, Histogram, ManualClock, MAX_EXP } from "../../src/kernel"
import { addRecorded, addSources, makeKernel } from "../fixtures/kernel"

describe("ManualClock", () => {
    it("advanceNs adds a delta; setNs sets an absolute time; both twice in a row", () => {
        const c = new ManualClock()
        c.advanceNs(100)
        c.advanceNs(100)
        assert.equal(c.nowNs(), 200, "advance is a delta, not an absolute time")
        c.setNs(1000)
        c.setNs(1000)
        assert.equal(c.nowNs(), 1000)
        assert.equal(new ManualClock(50).nowNs(), 50)
    })

    it("never goes backwards", () => {
        const c = new ManualClock(1000)
        assert.throws(() => c.setNs(999), { message: "ManualClock.setNs: 999 ns is before now (1000 ns)" })
        assert.throws(() => c.advanceNs(-1), { message: "ManualClock.advanceNs: delta must be >= 0, got -1" })
        assert.throws(() => c.advanceNs(NaN), /delta must be >= 0/)
    })
})

describe("EventRing", () => {
    it("holds a power of two of slots, at least its capacity", () => {
        assert.deepEqual([1, 2, 3, 5, 16, 17].map(c => new EventRing(c).mask + 1), [1, 2, 4, 8, 16, 32])
        assert.equal(new EventRing(3).stamps.length, 4)
    })

    it("is FIFO across wrap-around and full at its capacity, not its slots (through the kernel)", () => {
        const b = makeKernel({ cores: 1 })
        const [a] = addRecorded(b, ["a"], [{ ring: 3, budgetEvents: 2 }])
        const [s] = addSources(b, 1)
        b.kernel.start()
        assert.deepEqual([1, 2, 3, 4].map(v => b.req(a, s, v)), [true, false, false, false], "the 4th is dropped")
        assert.equal(a.stats.dropped, 1)
        b.kernel.dispatcher.runNext(b.kernel.threads[0]) // 1 and 2; 3 is left (slot 2)
        b.req(a, s, 5) // slot 3
        b.req(a, s, 6) // slot 0: wrapped
        b.drain()
        assert.deepEqual(b.trace.filter(l => l.startsWith("run")), ["run a@0.0 t=0 [s0:1#0 s0:2#1]", "run a@0.0 t=0 [s0:3#2 s0:5#4]", "run a@0.0 t=0 [s0:6#5]"])
    })
})

describe("Histogram", () => {
    for (const bits of [0, 2, 4]) {
        it(`${bits} sub-bucket bits: exact below 2^${bits + 1} ns, buckets at most 1/${2 ** bits} of the value wide above`, () => {
            const L = new BucketLayout(bits)
            for (let v = 0; v < L.linear; v++) assert.equal(L.bucketOf(v), v)
            fc.assert(
                fc.property(fc.integer({ min: L.linear, max: 2 ** MAX_EXP - 1 }), v => {
                    const b = L.bucketOf(v)
                    const lo = b === 0 ? 0 : L.upperNs(b - 1)
                    const hi = L.upperNs(b)
                    assert.ok(lo <= v && v < hi, `${v} not in [${lo}, ${hi}) of bucket ${b}`)
                    assert.ok(hi - lo <= v / 2 ** bits + 1, `bucket ${b} is ${hi - lo} wide for ${v}`)
                }),
                { numRuns: 1000 }
            )
            // Exact at powers of two, where a float log2 could round the wrong way.
            for (let e = L.minExp; e < MAX_EXP; e++) {
                const p = 2 ** e
                assert.equal(L.upperNs(L.bucketOf(p - 1)), p, `2^${e} - 1`)
                assert.equal(L.bucketOf(p) - L.bucketOf(p - 1), 1, `2^${e}`)
            }
            assert.equal(L.bucketOf(2 ** MAX_EXP * 10), L.buckets - 1, "beyond the range: the last bucket")
        })
    }

    it("has the documented sizes", () => {
        assert.deepEqual([2, 4].map(b => new BucketLayout(b).buckets), [140, 528])
        assert.throws(() => new BucketLayout(7), { message: "histogram: sub-bucket bits must be a whole number from 0 to 6, got 7" })
    })

    it("reports percentiles as bucket upper bounds clamped to the exact max", () => {
        const h = new Histogram(new BucketLayout(4))
        assert.equal(h.percentileNs(50), 0)
        for (let v = 1; v <= 100; v++) h.record(v * 1000)
        assert.equal(h.count(), 100)
        assert.equal(h.maxNs, 100_000)
        assert.equal(h.percentileNs(1), 1023, "the lowest sample's bucket, [992, 1024) at 16 buckets per power of two")
        const p50 = h.percentileNs(50)
        assert.ok(p50 >= 50_000 && p50 <= 50_000 * (1 + 1 / 16), `p50 ${p50}`)
        assert.equal(h.percentileNs(100), 100_000)
        const p99 = h.percentileNs(99)
        assert.ok(p99 >= 99_000 && p99 <= 100_000, `p99 ${p99}`)
        h.reset()
        assert.equal(h.count(), 0)
        h.record(7)
        assert.deepEqual([h.percentileNs(1), h.percentileNs(50), h.percentileNs(100)], [7, 7, 7])
    })

    it("starts over after a reset, even for a sample in the bucket it saw last", () => {
        const h = new Histogram(new BucketLayout(4))
        h.record(5000)
        h.record(5000)
        h.reset()
        h.record(5010) // same bucket as 5000
        assert.deepEqual([h.count(), h.maxNs], [1, 5010])
        assert.deepEqual([h.percentileNs(50), h.percentileNs(100)], [5010, 5010])
    })

    it("holds fixed memory however many samples it takes", () => {
        const h = new Histogram(new BucketLayout(2))
        const counts = (h as any).counts as number[]
        for (let i = 0; i < 100_000; i++) h.record((i * 7919) % 5_000_000_000)
        assert.equal(counts.length, 140)
        assert.equal(counts.reduce((a, b) => a + b, 0), 100_000)
    })
})

describe("Histogram.recordLatencies (a DPC run's events, read from its ring)", () => {
    // A seeded generator: the same cases on every run.
    let seed = 12345
    const rand = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648
        return seed % n
    }
    for (const [bits, unit] of [
        [1, 1_000_000],
        [2, 1],
    ] as const) {
        it(`gives what recording each latency alone gives (sub-bucket bits ${bits}, unit ${unit} ns), batch after batch`, () => {
            const layout = new BucketLayout(bits, unit)
            const batched = new Histogram(layout)
            const single = new Histogram(layout)
            const mask = 63
            const stamps = new Array(64).fill(0)
            let now = 0
            for (let round = 0; round < 400; round++) {
                now += rand(5) * unit
                const head = rand(64)
                const n = 1 + rand(40)
                // Latencies that repeat, stay in one bucket, jump, go past the table's reach, or are negative.
                let lat = rand(4) * unit
                for (let i = 0; i < n; i++) {
                    const r = rand(10)
                    if (r < 4) {
                        // the same latency again
                    } else if (r < 6) lat = lat + rand(3) * unit
                    else if (r < 8) lat = rand(round < 100 ? layout.tableUnits : layout.tableUnits * 2) * unit // within the table's reach at first
                    else if (r < 9) lat = -rand(3) * unit - 1
                    else lat = round < 200 ? rand(50) * unit : rand(1e6) * unit // past the table only from round 200
                    stamps[(head + i) & mask] = now - lat
                }
                batched.recordLatencies(stamps, head, mask, n, now)
                for (let i = 0; i < n; i++) single.record(now - stamps[(head + i) & mask])
                assert.equal(batched.maxNs, single.maxNs, `round ${round}`)
                assert.equal(batched.count(), single.count(), `round ${round}`)
                assert.equal(batched.percentileNs(50), single.percentileNs(50), `round ${round}`)
                if (round % 7 === 0) {
                    // a sample recorded alone between runs, as a DPC's run time is
                    const v = rand(300) * unit
                    batched.record(v)
                    single.record(v)
                }
            }
            assert.equal(batched.count(), single.count())
            assert.equal(batched.maxNs, single.maxNs)
            for (let p = 1; p <= 100; p++) assert.equal(batched.percentileNs(p), single.percentileNs(p), `p${p}`)
        })
    }
})
