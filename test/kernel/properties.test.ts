/**
 * Property-based tests: random configurations (1-4 cores, 1-3 threads per core, every policy,
 * random importance, rings, budgets and targets) driven by random sequences of requests,
 * dispatches (whole, or begun on several threads at once and finished later), ticks and time.
 *
 * The kernel is run side by side with a reference model written from SPEC 2's wording with
 * plain arrays. After every step the two must agree on every request's return value, every
 * queue's exact contents (hence importance order), every wake, every batch handed to a routine;
 * and the invariants must hold: conservation, no DPC on two threads at once, per-source order,
 * rings within capacity.
 */
import assert from "node:assert/strict"
import fc from "fast-check"
import { Dpc, DpcThread, Importance, Kernel, ManualClock, POLICIES, PolicyName, Source } from "../../src/kernel"

interface DpcSpec {
    importance: Importance
    ring: number
    budget: number | undefined
    target: { core: number; thread: number } | undefined
}

interface Config {
    cores: number
    threadsPerCore: number | undefined
    policy: PolicyName
    dpcs: DpcSpec[]
    /** sourceDpc[i]: the DPC source i requests. */
    sourceDpc: number[]
}

type Cmd =
    | { t: "req"; src: number; core: number }
    | { t: "run"; thread: number }
    | { t: "begin"; thread: number }
    | { t: "finish"; thread: number }
    | { t: "adv"; ns: number }
    | { t: "tick" }

const configArb: fc.Arbitrary<Config> = fc
    .record({
        cores: fc.integer({ min: 1, max: 4 }),
        threadsPerCore: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        policy: fc.constantFrom(...POLICIES),
        ndpcs: fc.integer({ min: 1, max: 5 }),
        nsources: fc.integer({ min: 1, max: 4 }),
        seed: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        importance: fc.array(fc.constantFrom<Importance>("high", "medium", "low"), { minLength: 5, maxLength: 5 }),
    })
    .map(r => {
        const dpcs: DpcSpec[] = []
        for (let i = 0; i < r.ndpcs; i++) {
            const s = r.seed.slice(i * 6, i * 6 + 6)
            dpcs.push({
                importance: r.importance[i],
                ring: 1 + (s[0] % 6),
                budget: s[1] % 3 === 0 ? undefined : 1 + (s[1] % 5),
                target: s[2] % 5 === 0 ? { core: s[3] % r.cores, thread: s[4] % 3 } : undefined,
            })
        }
        const sourceDpc: number[] = []
        for (let i = 0; i < r.nsources; i++) sourceDpc.push(r.seed[30 + i] % r.ndpcs)
        return { cores: r.cores, threadsPerCore: r.threadsPerCore, policy: r.policy, dpcs, sourceDpc }
    })

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ t: fc.constant("req" as const), src: fc.nat(3), core: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("run" as const), thread: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("begin" as const), thread: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("finish" as const), thread: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("adv" as const), ns: fc.integer({ min: 1, max: 5000 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("tick" as const) }) }
)

/** The reference model: SPEC 2 with arrays. */
class Model {
    queues: number[][] = []
    current: number[] = []
    awake: boolean[] = []
    state: ("idle" | "queued" | "running")[] = []
    where: number[] = []
    ring: number[][] = []
    batch: number[] = []
    rr = 0
    wakes: string[] = []
    raised = 0
    dropped = 0
    processed = 0

    constructor(private cfg: Config, private threads: { core: number; thread: number }[], private layout: number[]) {
        for (let i = 0; i < threads.length; i++) {
            this.queues.push([])
            this.current.push(-1)
            this.awake.push(false)
        }
        for (let i = 0; i < cfg.dpcs.length; i++) {
            this.state.push("idle")
            this.where.push(-1)
            this.ring.push([])
            this.batch.push(0)
        }
    }

    threadIndex(core: number, thread: number): number {
        return this.threads.findIndex(t => t.core === core && t.thread === thread)
    }

    load(i: number): number {
        return this.queues[i].length + (this.current[i] >= 0 ? 1 : 0)
    }

    /** The threads SPEC allows for queuing DPC d from fromCore (exactly one, except least-loaded ties resolved below). */
    place(d: number, fromCore: number): number {
        const spec = this.cfg.dpcs[d]
        if (spec.target) return this.threadIndex(spec.target.core, spec.target.thread)
        const cores = this.cfg.cores
        switch (this.cfg.policy) {
            case "single-thread":
                return this.threadIndex(0, 0)
            case "threads":
                return this.threadIndex(0, d % this.layout[0])
            case "cores": {
                const core = d % cores
                return this.threadIndex(core, Math.floor(d / cores) % this.layout[core])
            }
            case "interrupting-core":
                return this.threadIndex(fromCore, d % this.layout[fromCore])
            case "round-robin": {
                const i = this.rr
                this.rr = (this.rr + 1) % this.threads.length
                return i
            }
            case "least-loaded": {
                // Fewest DPCs queued or running; ties: the requesting core's first thread, then
                // onward in thread order, wrapping.
                const n = this.threads.length
                const start = this.threadIndex(fromCore, 0)
                let best = start
                for (let k = 1; k < n; k++) {
                    const j = (start + k) % n
                    if (this.load(j) < this.load(best)) best = j
                }
                return best
            }
        }
    }

    wake(i: number) {
        if (!this.awake[i]) {
            this.awake[i] = true
            this.wakes.push(`${this.threads[i].core}.${this.threads[i].thread}`)
        }
    }

    enqueue(d: number, i: number) {
        this.state[d] = "queued"
        this.where[d] = i
        if (this.cfg.dpcs[d].importance === "high") this.queues[i].unshift(d)
        else this.queues[i].push(d)
        if (this.cfg.dpcs[d].importance !== "low") this.wake(i)
    }

    request(d: number, seq: number, fromCore: number): boolean {
        this.raised++
        const spec = this.cfg.dpcs[d]
        if (this.ring[d].length >= spec.ring) {
            this.dropped++
            return false
        }
        this.ring[d].push(seq)
        if (this.state[d] === "idle") {
            this.enqueue(d, this.place(d, fromCore))
            return true
        }
        if (this.state[d] === "running") {
            if (this.ring[d].length === this.batch[d] + 1) return true
            return false
        }
        // Queued: a low DPC wakes its thread only once a batch is full (SPEC 2 as the kernel reads it).
        if (spec.importance !== "low" || this.ring[d].length >= (spec.budget ?? spec.ring)) this.wake(this.where[d])
        return false
    }

    /** Returns the DPC begun, or -1 when the queue is empty. */
    begin(i: number): number {
        const d = this.queues[i].shift()
        if (d === undefined) {
            this.awake[i] = false
            return -1
        }
        const spec = this.cfg.dpcs[d]
        this.state[d] = "running"
        this.where[d] = i
        this.current[i] = d
        this.batch[d] = Math.min(this.ring[d].length, spec.budget ?? spec.ring)
        return d
    }

    finish(i: number) {
        const d = this.current[i]
        this.ring[d].splice(0, this.batch[d])
        this.processed += this.batch[d]
        this.batch[d] = 0
        this.current[i] = -1
        this.state[d] = "idle"
        this.where[d] = -1
        if (this.ring[d].length > 0) this.enqueue(d, this.place(d, this.threads[i].core))
    }

    tick() {
        for (let i = 0; i < this.threads.length; i++) if (!this.awake[i] && this.queues[i].length > 0) this.wake(i)
    }
}

function runScenario(cfg: Config, cmds: Cmd[]) {
    const clock = new ManualClock()
    const wakes: string[] = []
    const kernel = new Kernel({
        cores: cfg.cores,
        policy: cfg.policy,
        threadsPerCore: cfg.threadsPerCore,
        clock,
        onWake: (t: DpcThread) => wakes.push(`${t.core}.${t.thread}`),
    })
    /** Seqs each routine call received, and per-source seqs in processing order. */
    const batches: number[][] = []
    const perSource: number[][] = cfg.sourceDpc.map(() => [])
    const dpcs: Dpc[] = cfg.dpcs.map((s, i) =>
        kernel.addDpc({
            name: `d${i}`,
            importance: s.importance,
            ring: s.ring,
            budgetEvents: s.budget,
            target: s.target,
            routine: ev => {
                const seqs: number[] = []
                for (let k = 0; k < ev.count; k++) {
                    seqs.push(ev.seq(k))
                    perSource[ev.source(k)].push(ev.seq(k))
                }
                batches.push(seqs)
            },
        })
    )
    const line = kernel.addLine("irq")
    const sources: Source[] = cfg.sourceDpc.map((_, i) => kernel.addSource(`s${i}`, line))
    kernel.start()

    const layout = kernel.byCore.map(own => own.length)
    const model = new Model(
        cfg,
        kernel.threads.map(t => ({ core: t.core, thread: t.thread })),
        layout
    )
    let seq = 0
    for (const cmd of cmds) {
        const nthreads = kernel.threads.length
        switch (cmd.t) {
            case "req": {
                const s = cmd.src % sources.length
                const d = cfg.sourceDpc[s]
                const core = cmd.core % cfg.cores
                const expected = model.request(d, seq++, core)
                const got = kernel.requestOn(dpcs[d], sources[s], 0, clock.nowNs(), core)
                assert.equal(got, expected, `request d${d} from core ${core}`)
                break
            }
            case "run":
            case "begin": {
                const i = cmd.thread % nthreads
                if (model.current[i] >= 0) break
                const t = kernel.threads[i]
                const d = model.begin(i)
                const expectBatch = d >= 0 ? model.ring[d].slice(0, model.batch[d]) : []
                const got = kernel.dispatcher.begin(t)
                assert.equal(got === null ? -1 : got.index, d, `begin on thread ${i}`)
                if (got !== null) {
                    const before = batches.length
                    kernel.dispatcher.execute(t)
                    assert.deepEqual(batches.slice(before), [expectBatch], "the batch handed to the routine")
                    if (cmd.t === "run") {
                        model.finish(i)
                        kernel.dispatcher.finish(t)
                    }
                }
                break
            }
            case "finish": {
                const i = cmd.thread % nthreads
                if (model.current[i] < 0) break
                model.finish(i)
                kernel.dispatcher.finish(kernel.threads[i])
                break
            }
            case "adv":
                clock.advanceNs(cmd.ns)
                break
            case "tick":
                model.tick()
                kernel.tick()
                break
        }

        // Agreement with the model.
        assert.deepEqual(wakes, model.wakes, "wakes")
        for (let i = 0; i < nthreads; i++) {
            const q = kernel.threads[i].queue
            const names: number[] = []
            for (let k = 0; k < q.length; k++) names.push(q.peek(k)!.index)
            assert.deepEqual(names, model.queues[i], `queue of thread ${i}`)
            assert.ok(q.length <= dpcs.length, "a queue never holds more than every DPC once")
        }
        // Invariants.
        assert.equal(kernel.checkInvariants(), "")
        const totals = kernel.totals()
        assert.deepEqual(totals, {
            raised: model.raised,
            processed: model.processed,
            dropped: model.dropped,
            pending: model.ring.reduce((n, r) => n + r.length, 0),
        })
        for (const d of dpcs) {
            assert.ok(d.ring.count <= d.ring.capacity, "ring within capacity")
            const runningOn = kernel.threads.filter(t => t.current === d).length
            assert.ok(runningOn <= 1, `DPC ${d.name} running on ${runningOn} threads`)
        }
    }
    for (const seqs of perSource) for (let k = 1; k < seqs.length; k++) assert.ok(seqs[k] > seqs[k - 1], "per-source order")
}

describe("kernel properties (model-based)", () => {
    it("agrees with the reference model and keeps every invariant, on 1-4 cores and 1-3 threads", () => {
        fc.assert(
            fc.property(configArb, fc.array(cmdArb, { minLength: 1, maxLength: 150, size: "max" }), (cfg, cmds) => runScenario(cfg, cmds)),
            { numRuns: 400 }
        )
    })

    it("drains to empty: everything raised is processed or dropped once all threads run", () => {
        fc.assert(
            fc.property(configArb, fc.array(fc.nat(3), { minLength: 1, maxLength: 80, size: "max" }), (cfg, reqs) => {
                const clock = new ManualClock()
                const kernel = new Kernel({ cores: cfg.cores, policy: cfg.policy, threadsPerCore: cfg.threadsPerCore, clock })
                const dpcs = cfg.dpcs.map((s, i) =>
                    kernel.addDpc({ name: `d${i}`, importance: s.importance, ring: s.ring, budgetEvents: s.budget, target: s.target, routine: () => {} })
                )
                const line = kernel.addLine("irq")
                const sources = cfg.sourceDpc.map((_, i) => kernel.addSource(`s${i}`, line))
                kernel.start()
                for (const r of reqs) {
                    const s = r % sources.length
                    kernel.requestOn(dpcs[cfg.sourceDpc[s]], sources[s], 0, 0, r % cfg.cores)
                }
                let ran = true
                while (ran) {
                    ran = false
                    for (const t of kernel.threads) while (kernel.dispatcher.runNext(t) !== null) ran = true
                }
                const t = kernel.totals()
                assert.equal(t.pending, 0)
                assert.equal(t.raised, reqs.length)
                assert.equal(t.processed + t.dropped, reqs.length)
                assert.equal(kernel.checkInvariants(), "")
            }),
            { numRuns: 300 }
        )
    })
})
