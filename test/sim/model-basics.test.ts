import assert from "node:assert/strict"
import { Rng } from "../../sim/model/rng"
import { SimClock, cyclesToNs } from "../../sim/model/sim-clock"
import { Uart } from "../../sim/model/uart"

describe("SimClock and cycle times", () => {
    it("setNs takes an absolute time and never goes back", () => {
        const c = new SimClock()
        c.setNs(1500)
        c.setNs(1500)
        c.setNs(4000)
        assert.equal(c.nowNs(), 4000)
        assert.equal(c.nowUs(), 4)
        assert.throws(() => c.setNs(3999), /3999 ns is before now \(4000 ns\)/)
    })

    it("rounds each duration up to whole ns once: 8 ns a cycle at 125 MHz, 6.25 at 160 MHz", () => {
        assert.equal(cyclesToNs(150, 125_000_000), 1200)
        assert.equal(cyclesToNs(1, 160_000_000), 7)
        assert.equal(cyclesToNs(4, 160_000_000), 25)
        assert.equal(cyclesToNs(855, 160_000_000), 5344) // 5343.75
    })
})

describe("Rng", () => {
    it("gives the same numbers for the same seed and stream, other numbers otherwise", () => {
        const seq = (seed: number, stream: number) => {
            const r = new Rng(seed, stream)
            return [r.nextU32(), r.nextU32(), r.nextU32()]
        }
        assert.deepEqual(seq(1, 0), seq(1, 0))
        assert.notDeepEqual(seq(1, 0), seq(2, 0))
        assert.notDeepEqual(seq(1, 0), seq(1, 1))
    })

    it("draws exponential gaps whose mean is the requested one (100 000 draws within 1 %)", () => {
        const r = new Rng(7)
        let sum = 0
        for (let i = 0; i < 100_000; i++) sum += r.exponentialNs(500_000)
        assert.ok(Math.abs(sum / 100_000 - 500_000) < 5_000, `mean ${sum / 100_000}`)
    })
})

describe("Uart", () => {
    it("sends 8N1: 10 bit times a byte, lines back to back, a full buffer drops and counts", () => {
        let now = 0
        const done: string[] = []
        const due: number[] = []
        const u = new Uart(115200, 16, () => now, ns => due.push(ns), (l, ns) => done.push(`${l}@${ns}`))
        assert.equal(u.byteTimeNs(1), 86806)
        assert.equal(u.write("abcd"), true) // 5 bytes with the newline
        assert.equal(u.write("efghij"), true) // 7 bytes: 12 of 16
        assert.equal(u.write("klmno"), false) // 6 more would need 18
        assert.equal(u.droppedLines, 1)
        assert.deepEqual(due, [u.byteTimeNs(5)])
        now = due[0]
        const next = u.complete()
        assert.equal(next, u.byteTimeNs(5) + u.byteTimeNs(7))
        now = next
        assert.equal(u.complete(), Number.POSITIVE_INFINITY)
        assert.deepEqual(done, [`abcd@${u.byteTimeNs(5)}`, `efghij@${u.byteTimeNs(5) + u.byteTimeNs(7)}`])
    })
})
