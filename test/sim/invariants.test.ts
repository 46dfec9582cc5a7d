/**
 * Every run checks the kernel's invariants; here they are broken on purpose (after the run, or
 * through the board's own check) to see that the checks catch it and say what broke.
 */
import assert from "node:assert/strict"
import { simBoard } from "../fixtures/sim"

const small = {
    sources: [{ name: "a", gpio: 10, edge: "rising", dpc: "A" }],
    dpcs: [{ name: "A", cycles: 100 }],
    stimulus: [{ gpio: 10, kind: "periodic", period_us: 10, count: 5 }],
}

describe("simulator: invariant checks", () => {
    it("a run of the example holds every invariant", () => {
        const b = simBoard(small)
        b.run(100)
        assert.equal(b.board.checkInvariants(), "")
    })

    it("conservation: an event counted processed that was never raised is caught, with the totals", () => {
        const b = simBoard(small)
        b.run(100)
        b.board.kernel.dpcs[0].stats.processed++
        assert.equal(b.board.checkInvariants(), "conservation broken: raised 5 != processed 6 + dropped 0 + pending 0")
    })

    it("per-source order: a batch whose events go back in sequence is caught by the dispatcher", () => {
        const b = simBoard(small)
        b.run(100)
        b.board.kernel.dpcs[0].lastSeq = 1000 // as if it had processed a later event already
        b.board.port.gpioLine.raise(0, 10, 1)
        b.run(200)
        assert.match(b.board.checkInvariants(), /^1 kernel invariant violation\(s\); first: DPC 'A' processed event #5 after #1000$/)
    })

    it("self-concurrency: a DPC that starts on a core while marked running on another is caught by the core", () => {
        const b = simBoard(small)
        // The cores share one record of which core runs each DPC; pretend core 1 is running A.
        ;(b.board.cores[0] as any).runningOn[0] = 1
        b.run(100)
        assert.equal(b.board.checkInvariants(), "1 violation(s); first: DPC 'A' started on core 0 while running on core 1")
    })
})
