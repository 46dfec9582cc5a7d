/**
 * The semantics every host must keep (SPEC 2, "Semantics every host must keep").
 */
import assert from "node:assert/strict"
import { DPC_IDLE } from "../../src/kernel"
import { addRecorded, addSources, makeKernel } from "../fixtures/kernel"

describe("kernel semantics", () => {
    describe("importance", () => {
        it("high goes to the head of its queue, medium and low to the tail", () => {
            const b = makeKernel({ cores: 1 })
            const [m1, lo, m2, h1, h2] = addRecorded(
                b,
                ["m1", "lo", "m2", "h1", "h2"],
                [{}, { importance: "low" }, { importance: "medium" }, { importance: "high" }, { importance: "high" }]
            )
            const [s] = addSources(b, 1)
            b.kernel.start()
            for (const d of [m1, lo, m2, h1, h2]) b.req(d, s, 0)
            const q = b.kernel.thread(0, 0).queue
            assert.deepEqual(
                [0, 1, 2, 3, 4].map(i => q.peek(i)!.name),
                ["h2", "h1", "m1", "lo", "m2"]
            )
            b.drain()
            assert.deepEqual(
                b.trace.filter(l => l.startsWith("run")).map(l => l.split("@")[0]),
                ["run h2", "run h1", "run m1", "run lo", "run m2"]
            )
        })

        it("low wakes nothing until its batch is full or another DPC wakes the thread", () => {
            const b = makeKernel({ cores: 1 })
            const [lo, m] = addRecorded(b, ["lo", "m"], [{ importance: "low", budgetEvents: 3 }, {}])
            const [s] = addSources(b, 1)
            b.kernel.start()
            const t = b.kernel.thread(0, 0)
            assert.equal(b.req(lo, s, 1), true)
            assert.deepEqual(b.trace, [], "queued, but no wake")
            assert.equal(t.queue.length, 1)
            b.clock.advanceNs(50)
            assert.equal(b.req(lo, s, 2), false, "already queued: coalesced")
            assert.deepEqual(b.trace, [], "two of a batch of three: still no wake")
            b.clock.advanceNs(50)
            b.req(lo, s, 3)
            assert.deepEqual(b.trace, ["wake 0.0 t=100"], "the third fills the batch: the thread wakes")
            b.drain()
            // A medium request into a queue holding a low DPC wakes the thread; both run, in queue order.
            b.trace.length = 0
            b.req(lo, s, 4)
            b.req(m, s, 5)
            b.drain()
            assert.deepEqual(b.trace, ["wake 0.0 t=100", "run lo@0.0 t=100 [s0:4#3]", "run m@0.0 t=100 [s0:5#4]"])
        })

        it("low does not wake an idle thread until the next tick", () => {
            const b = makeKernel({ cores: 2 })
            const [lo] = addRecorded(b, ["lo"], [{ importance: "low" }])
            const [s] = addSources(b, 1)
            b.kernel.start()
            b.req(lo, s, 1)
            b.clock.setNs(1_000_000)
            b.kernel.tick()
            b.kernel.tick() // already awake: no second wake
            b.drain()
            assert.deepEqual(b.trace, ["wake 0.0 t=1000000", "run lo@0.0 t=1000000 [s0:1#0]"])
        })
    })

    it("keeps per-source order within a DPC, across runs", () => {
        const b = makeKernel({ cores: 1 })
        const [a] = addRecorded(b, ["a"], [{ budgetEvents: 2 }])
        const [s0, s1] = addSources(b, 2)
        b.kernel.start()
        for (let i = 0; i < 5; i++) b.req(a, i % 2 === 0 ? s0 : s1, i)
        b.drain()
        assert.deepEqual(b.trace.slice(1), [
            "run a@0.0 t=0 [s0:0#0 s1:1#1]",
            "run a@0.0 t=0 [s0:2#2 s1:3#3]",
            "run a@0.0 t=0 [s0:4#4]",
        ])
    })

    describe("conservation and drops", () => {
        it("a full ring drops the event, counts it on the DPC, source and line, and reports once per episode", () => {
            const b = makeKernel({ cores: 1 })
            const [a] = addRecorded(b, ["a"], [{ ring: 2 }])
            const [s0] = addSources(b, 1, "IO_IRQ_BANK0")
            b.kernel.start()
            assert.deepEqual([1, 2, 3, 4].map(v => b.req(a, s0, v)), [true, false, false, false])
            assert.deepEqual(b.trace, ["wake 0.0 t=0", "fault overflow a count=1"], "one report for the episode")
            assert.equal(a.stats.dropped, 2)
            assert.equal(s0.dropped, 2)
            assert.equal(s0.line.dropped, 2)
            assert.deepEqual(b.kernel.totals(), { raised: 4, processed: 0, dropped: 2, pending: 2 })
            b.drain()
            assert.deepEqual(b.kernel.totals(), { raised: 4, processed: 2, dropped: 0 + 2, pending: 0 })
            assert.equal(b.kernel.checkInvariants(), "")
            // A new episode after an accepted event is reported again.
            b.req(a, s0, 5)
            b.req(a, s0, 6)
            b.req(a, s0, 7)
            assert.equal(b.trace[b.trace.length - 1], "fault overflow a count=3")
        })

        it("events that arrive while the batch runs fill the rest of the ring; the batch still counts", () => {
            const b = makeKernel({ cores: 1 })
            const [s0] = addSources(b, 1)
            const got: boolean[] = []
            const a = b.kernel.addDpc({
                name: "a",
                ring: 2,
                routine: b.recorder("a", ev => {
                    if (ev.value(0) === 1) for (const v of [2, 3, 4]) got.push(b.req(a, s0, v))
                }),
            })
            b.kernel.start()
            b.req(a, s0, 1)
            b.drain()
            assert.deepEqual(got, [true, false, false], "ring of 2 holds the running event and one more")
            assert.deepEqual(b.kernel.totals(), { raised: 4, processed: 2, dropped: 2, pending: 0 })
        })
    })

    describe("error isolation", () => {
        it("a DPC that throws is counted and reported; its thread goes on with the next DPC", () => {
            const b = makeKernel({ cores: 1 })
            const [s] = addSources(b, 1)
            const bad = b.kernel.addDpc({
                name: "bad",
                routine: () => {
                    throw new Error("sensor not ready")
                },
            })
            const [good] = addRecorded(b, ["good"])
            b.kernel.start()
            b.req(bad, s, 1)
            b.req(good, s, 2)
            b.req(bad, s, 3)
            b.drain()
            assert.deepEqual(b.trace, [
                "wake 0.0 t=0",
                "fault error bad count=1 sensor not ready",
                "run good@0.0 t=0 [s0:2#1]",
            ])
            assert.equal(bad.stats.errors, 1)
            assert.equal(bad.stats.processed, 2, "the failed run consumed its batch")
            assert.equal(bad.stats.lastError, "sensor not ready")
            assert.equal(bad.state, DPC_IDLE)
            assert.equal(b.kernel.checkInvariants(), "")
        })

        it("a thrown non-Error value is reported as text", () => {
            const b = makeKernel({ cores: 1 })
            const [s] = addSources(b, 1)
            const bad = b.kernel.addDpc({
                name: "bad",
                routine: () => {
                    throw 42
                },
            })
            b.kernel.start()
            b.req(bad, s, 1)
            b.drain()
            assert.equal(bad.stats.lastError, "42")
        })
    })

    it("watchdog: a run longer than its limit is counted with the longest run and reported", () => {
        const b = makeKernel({ cores: 1 })
        const [s] = addSources(b, 1)
        const slow = b.kernel.addDpc({
            name: "slow",
            watchdogNs: 500,
            routine: ev => b.clock.advanceNs(ev.value(0)),
        })
        b.kernel.start()
        for (const cost of [400, 900, 500, 700]) {
            b.req(slow, s, cost)
            b.drain()
        }
        assert.equal(slow.stats.watchdog, 2)
        assert.equal(slow.stats.runTime.maxNs, 900)
        assert.deepEqual(
            b.trace.filter(l => l.startsWith("fault")),
            ["fault watchdog slow count=1", "fault watchdog slow count=2"]
        )
    })

    it("latency is measured from each event's stamp to the start of the run that processes it", () => {
        const b = makeKernel({ cores: 1 })
        const [a] = addRecorded(b, ["a"])
        const [s] = addSources(b, 1)
        b.kernel.start()
        b.clock.setNs(1000)
        b.req(a, s, 1)
        b.clock.setNs(1200)
        b.req(a, s, 2)
        b.kernel.requestOn(a, s, 3, 900, 0) // a hardware-captured stamp
        b.clock.setNs(2000)
        b.drain()
        const lat = a.stats.latency
        assert.equal(lat.count(), 3)
        // 800 ns (the captured stamp) is the lowest: the upper edge of its bucket, [768, 896) at the default precision.
        assert.equal(lat.percentileNs(1), 895)
        assert.equal(lat.maxNs, 1100)
        assert.ok(lat.percentileNs(50) >= 1000 && lat.percentileNs(50) <= 1000 + 1000 / 16, `p50 ${lat.percentileNs(50)}`)
    })

    describe("dynamic policies", () => {
        it("interrupting-core queues on the core that took the interrupt", () => {
            const b = makeKernel({ cores: 2, policy: "interrupting-core" })
            const [a] = addRecorded(b, ["a"])
            const [s] = addSources(b, 1)
            b.kernel.start()
            b.req(a, s, 1, 1)
            b.drain()
            b.req(a, s, 2, 0)
            b.drain()
            assert.deepEqual(b.trace.filter(l => l.startsWith("run")), ["run a@1.0 t=0 [s0:1#0]", "run a@0.0 t=0 [s0:2#1]"])
        })

        it("round-robin puts each newly queued DPC on the next thread in turn", () => {
            const b = makeKernel({ cores: 2, policy: "round-robin" })
            const [a, c, d] = addRecorded(b, ["a", "c", "d"])
            const [s] = addSources(b, 1)
            b.kernel.start()
            b.req(a, s, 1)
            b.req(c, s, 1)
            b.req(d, s, 1)
            b.req(a, s, 2) // coalesced: no turn taken
            assert.deepEqual([a, c, d].map(x => x.threadIndex), [0, 1, 0])
        })

        it("least-loaded picks the thread with the fewest DPCs queued or running; ties stay on the requesting core", () => {
            const b = makeKernel({ cores: 2, policy: "least-loaded" })
            const [a, c, d, e] = addRecorded(b, ["a", "c", "d", "e"])
            const [s] = addSources(b, 1)
            b.kernel.start()
            b.req(a, s, 1, 1) // tie 0/0: requesting core 1
            b.req(c, s, 1, 1) // core 1 has 1, core 0 has 0
            b.req(d, s, 1, 1) // tie 1/1: core 1
            b.kernel.dispatcher.begin(b.kernel.thread(0, 0)) // c runs on core 0: load stays 1
            b.req(e, s, 1, 0) // core 0: 1 (running), core 1: 2
            assert.deepEqual([a, c, d, e].map(x => b.kernel.threads[x.threadIndex].core), [1, 0, 1, 0])
        })
    })

    it("the dispatcher refuses to begin a second run on a busy thread", () => {
        const b = makeKernel({ cores: 1 })
        const [a, c] = addRecorded(b, ["a", "c"])
        const [s] = addSources(b, 1)
        b.kernel.start()
        b.req(a, s, 1)
        b.req(c, s, 1)
        const t = b.kernel.thread(0, 0)
        b.kernel.dispatcher.begin(t)
        assert.throws(() => b.kernel.dispatcher.begin(t), /DPC thread 0.0: begin while 'a' is still running/)
    })
})
