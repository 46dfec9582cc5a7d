/**
 * One test per behaviour of the method (SPEC 2, M1-M8), with exact traces.
 */
import assert from "node:assert/strict"
import { DPC_QUEUED, DPC_RUNNING } from "../../src/kernel"
import { addRecorded, addSources, makeKernel } from "../fixtures/kernel"

describe("method (SPEC M1-M8)", () => {
    it("M1: an ISR requests a first DPC for a first event and another DPC for a second event", () => {
        const b = makeKernel({ cores: 2 })
        const [first, second] = addRecorded(b, ["first", "second"])
        const line = b.kernel.addLine("IO_IRQ_BANK0")
        const pin14 = b.kernel.addSource("gpio14", line)
        const pin15 = b.kernel.addSource("gpio15", line)
        const returned: boolean[] = []
        b.kernel.addDriver({
            name: "two-pins",
            lines: [line],
            dpcs: [first, second],
            isr: ctx => {
                // Identify the event from the raised state: the pin number.
                if (ctx.status === 14) returned.push(ctx.request(first, pin14, ctx.value))
                else if (ctx.status === 15) returned.push(ctx.request(second, pin15, ctx.value))
            },
        })
        b.kernel.start()
        b.clock.setNs(1000)
        line.raise(0, 14, 1)
        b.clock.setNs(2000)
        line.raise(0, 15, 0)
        assert.deepEqual(returned, [true, true])
        b.drain()
        assert.deepEqual(b.trace, [
            "wake 0.0 t=1000",
            "wake 1.0 t=2000",
            "run first@0.0 t=2000 [gpio14:1#0]",
            "run second@1.0 t=2000 [gpio15:0#1]",
        ])
        assert.equal(line.count(), 2)
    })

    it("M2: each DPC is assigned to a resource and processes its events there", () => {
        const b = makeKernel({ cores: 2, policy: "cores" })
        const [a, c] = addRecorded(b, ["a", "c"])
        const [s0, s1] = addSources(b, 2)
        b.kernel.start()
        b.req(a, s0, 1)
        b.req(c, s1, 2)
        b.req(a, s0, 3)
        // Queued on their own resource only.
        assert.equal(b.kernel.thread(0, 0).queue.peek(0), a)
        assert.equal(b.kernel.thread(0, 0).queue.length, 1)
        assert.equal(b.kernel.thread(1, 0).queue.peek(0), c)
        assert.equal(b.kernel.dispatcher.runNext(b.kernel.thread(1, 0)), c)
        assert.equal(b.kernel.dispatcher.runNext(b.kernel.thread(1, 0)), null)
        assert.equal(b.kernel.dispatcher.runNext(b.kernel.thread(0, 0)), a)
        assert.deepEqual(b.trace.filter(l => l.startsWith("run")), ["run c@1.0 t=0 [s1:2#1]", "run a@0.0 t=0 [s0:1#0 s0:3#2]"])
        assert.equal(a.coresMask(), 0b01)
        assert.equal(c.coresMask(), 0b10)
    })

    it("M3: single-thread: one DPC thread on one processor runs every DPC serially, in request order", () => {
        const b = makeKernel({ cores: 2, policy: "single-thread" })
        const [a, c, d] = addRecorded(b, ["a", "c", "d"])
        const [s0] = addSources(b, 1)
        b.kernel.start()
        assert.equal(b.kernel.threads.length, 1)
        b.req(c, s0, 1, 1) // an interrupt taken on core 1 still queues on the one thread
        b.req(a, s0, 2, 0)
        b.req(d, s0, 3, 1)
        b.drain()
        assert.deepEqual(b.trace, [
            "wake 0.0 t=0",
            "run c@0.0 t=0 [s0:1#0]",
            "run a@0.0 t=0 [s0:2#1]",
            "run d@0.0 t=0 [s0:3#2]",
        ])
    })

    it("M4: threads: DPCs go to different DPC threads of the same processor", () => {
        const b = makeKernel({ cores: 2, policy: "threads" })
        const [a, c, d] = addRecorded(b, ["a", "c", "d"])
        const [s0] = addSources(b, 1)
        b.kernel.start()
        assert.deepEqual(
            b.kernel.threads.map(t => `${t.core}.${t.thread}`),
            ["0.0", "0.1"],
            "two threads, both on core 0; none on core 1"
        )
        b.req(a, s0, 1)
        b.req(c, s0, 2)
        b.req(d, s0, 3)
        // The host interleaves the two threads of core 0; here: one run from each in turn.
        const t0 = b.kernel.thread(0, 0)
        const t1 = b.kernel.thread(0, 1)
        assert.equal(b.kernel.dispatcher.runNext(t0), a)
        assert.equal(b.kernel.dispatcher.runNext(t1), c)
        assert.equal(b.kernel.dispatcher.runNext(t0), d)
        assert.deepEqual(b.trace, [
            "wake 0.0 t=0",
            "wake 0.1 t=0",
            "run a@0.0 t=0 [s0:1#0]",
            "run c@0.1 t=0 [s0:2#1]",
            "run d@0.0 t=0 [s0:3#2]",
        ])
    })

    it("M5: cores: two DPCs are running at the same time on core 0 and core 1", () => {
        const b = makeKernel({ cores: 2, policy: "cores" })
        const [a, c] = addRecorded(b, ["a", "c"])
        const [s0, s1] = addSources(b, 2)
        b.kernel.start()
        b.clock.setNs(500)
        b.req(a, s0, 1, 0)
        b.req(c, s1, 1, 1)
        const t0 = b.kernel.thread(0, 0)
        const t1 = b.kernel.thread(1, 0)
        const d = b.kernel.dispatcher
        b.clock.setNs(600)
        assert.equal(d.begin(t0), a)
        assert.equal(d.begin(t1), c)
        // Both are RUNNING at t=600, each on its own core.
        assert.equal(a.state, DPC_RUNNING)
        assert.equal(c.state, DPC_RUNNING)
        assert.deepEqual([t0.current, t1.current], [a, c])
        d.execute(t0)
        d.execute(t1)
        b.clock.setNs(1600)
        d.finish(t0)
        d.finish(t1)
        assert.deepEqual(b.trace.slice(2), ["run a@0.0 t=600 [s0:1#0]", "run c@1.0 t=600 [s1:1#1]"])
        assert.equal(a.stats.runTime.maxNs, 1000)
        assert.equal(c.stats.runTime.maxNs, 1000)
        assert.equal(a.stats.latency.maxNs, 100)
    })

    it("M6: explicit targets pin DPC A to one resource and B to another, over the policy", () => {
        const b = makeKernel({ cores: 2, policy: "single-thread" })
        const [a, c, d] = addRecorded(b, ["a", "c", "d"], [{ target: { core: 1 } }, { target: { core: 0, thread: 1 } }, {}])
        const [s0] = addSources(b, 1)
        b.kernel.start()
        assert.deepEqual(
            b.kernel.threads.map(t => `${t.core}.${t.thread}`),
            ["0.0", "0.1", "1.0"],
            "the policy's one thread, plus the threads the targets name"
        )
        b.req(a, s0, 1, 0)
        b.req(c, s0, 2, 0)
        b.req(d, s0, 3, 1)
        b.drain()
        assert.deepEqual(b.trace.filter(l => l.startsWith("run")), [
            "run d@0.0 t=0 [s0:3#2]",
            "run c@0.1 t=0 [s0:2#1]",
            "run a@1.0 t=0 [s0:1#0]",
        ])
    })

    it("M7: a queued DPC absorbs further events and processes them in the same run, up to its budget", () => {
        const b = makeKernel({ cores: 1 })
        const [a] = addRecorded(b, ["a"], [{ budgetEvents: 3 }])
        const [s0, s1] = addSources(b, 2)
        b.kernel.start()
        const returned = [b.req(a, s0, 1), b.req(a, s1, 2), b.req(a, s0, 3), b.req(a, s0, 4)]
        assert.deepEqual(returned, [true, false, false, false])
        assert.equal(a.coalesced(), 3)
        assert.equal(a.state, DPC_QUEUED)
        assert.equal(b.kernel.thread(0, 0).queue.length, 1, "queued once, not four times")
        b.drain()
        assert.deepEqual(b.trace, [
            "wake 0.0 t=0",
            "run a@0.0 t=0 [s0:1#0 s1:2#1 s0:3#2]",
            "run a@0.0 t=0 [s0:4#3]", // the event beyond the budget stayed queued
        ])
        assert.equal(a.stats.runs, 2)
        assert.equal(a.stats.maxBatch, 3)
    })

    it("M7: a request while the DPC runs re-queues it once; later requests join that batch", () => {
        const b = makeKernel({ cores: 1 })
        const [s0] = addSources(b, 1)
        const returned: boolean[] = []
        const a = b.kernel.addDpc({
            name: "a",
            routine: b.recorder("a", (events, ctx) => {
                if (events.value(0) === 1) {
                    returned.push(b.req(a, s0, 2))
                    returned.push(b.req(a, s0, 3))
                }
            }),
        })
        b.kernel.start()
        b.req(a, s0, 1)
        b.drain()
        assert.deepEqual(returned, [true, false])
        assert.deepEqual(b.trace, ["wake 0.0 t=0", "run a@0.0 t=0 [s0:1#0]", "run a@0.0 t=0 [s0:2#1 s0:3#2]"])
    })

    it("M8: a driver is one ISR plus at least two DPCs, each processing its kind of event", () => {
        const b = makeKernel({ cores: 2 })
        const [press, release, lone] = addRecorded(b, ["press", "release", "lone"])
        const line = b.kernel.addLine("IO_IRQ_BANK0")
        const btn = b.kernel.addSource("button", line)
        assert.throws(
            () => b.kernel.addDriver({ name: "half", lines: [line], dpcs: [lone], isr: () => {} }),
            /driver 'half': needs at least two DPCs, got 1/
        )
        const driver = b.kernel.addDriver({
            name: "button",
            lines: ["IO_IRQ_BANK0"],
            dpcs: ["press", "release"],
            isr: ctx => {
                if (ctx.value === 0) ctx.request(press, btn, 0)
                else ctx.request(release, btn, 1)
            },
        })
        b.kernel.start()
        assert.deepEqual(driver.dpcs, [press, release])
        line.raise(0, 14, 0)
        line.raise(0, 14, 1)
        line.raise(0, 14, 0)
        b.drain()
        assert.deepEqual(b.trace.filter(l => l.startsWith("run")), [
            "run press@0.0 t=0 [button:0#0 button:0#2]",
            "run release@1.0 t=0 [button:1#1]",
        ])
    })
})
