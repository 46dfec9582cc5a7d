/**
 * Parallelism, not just concurrency: two sources whose DPCs together offer about 2.5 cores of
 * work on rp2040 (scenarios/saturation.json). Measured in virtual time, so the numbers are exact.
 */
import assert from "node:assert/strict"
import { join } from "node:path"
import { runScenarioFile } from "../../sim/run"
import { ROOT } from "../fixtures/sim"

const SATURATION = join(ROOT, "scenarios", "saturation.json")

function perSecond(policy: string) {
    const s = runScenarioFile(SATURATION, { policy }).summary
    return { processed: s.events.processed, perSecond: s.events.processed / (s.simulated_us / 1e6), s }
}

describe("simulator: what a second core buys (saturation.json, 2.5 cores offered)", () => {
    const single = perSecond("single-thread")
    const threads = perSecond("threads")
    const cores = perSecond("cores")

    it("cores processes at least 1.9x the events per simulated second of single-thread", () => {
        assert.deepEqual([single.processed, cores.processed], [3776, 7682])
        assert.ok(cores.perSecond >= 1.9 * single.perSecond, `${cores.perSecond} vs ${single.perSecond}`)
        // Both cores saturate under cores; under single-thread core 1 runs only source b's ISRs.
        assert.ok(cores.s.cores.every(c => c.utilization > 0.99))
        assert.equal(single.s.cores[1].dpc_us, 0)
        assert.ok(single.s.cores[1].isr_us > 0)
    })

    it("threads on one core is no faster than single-thread: concurrency, not parallelism", () => {
        // Core 0 does all the DPC work under both, saturated; the totals differ only by where
        // the last runs before the end fall (runs of up to 256 events: 12 more complete here).
        assert.equal(threads.processed, 3788)
        assert.ok(threads.processed - single.processed < threads.s.dpcs[0].max_batch)
        for (const r of [single, threads]) assert.deepEqual([r.s.cores[0].utilization, r.s.cores[1].dpc_us], [1, 0])
        assert.deepEqual(threads.s.dpcs.map(d => d.cores_used), [[0], [0]])
    })

    it("what is offered and not processed is dropped or pending, never lost", () => {
        for (const r of [single, threads, cores]) {
            const e = r.s.events
            assert.equal(e.raised, 10000)
            assert.equal(e.raised, e.processed + e.dropped + e.pending)
            assert.equal(r.s.dpcs[0].dropped + r.s.dpcs[1].dropped, e.dropped)
            assert.equal(r.s.lines.reduce((n, l) => n + l.dropped, 0), e.dropped)
        }
    })
})
