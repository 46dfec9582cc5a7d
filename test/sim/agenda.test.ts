import assert from "node:assert/strict"
import fc from "fast-check"
import { Agenda, NEVER } from "../../sim/model/agenda"
import { SimClock } from "../../sim/model/sim-clock"

describe("Agenda", () => {
    it("gives the earliest agent first, and agents due at the same time in id order", () => {
        const a = new Agenda(new SimClock())
        const ids = [a.add(), a.add(), a.add(), a.add()]
        a.schedule(ids[2], 50)
        a.schedule(ids[0], 70)
        a.schedule(ids[3], 50)
        a.schedule(ids[1], 10)
        const order: string[] = []
        for (let id = a.pop(); id >= 0; id = a.pop()) order.push(`${id}@${a.dueNs(id)}`)
        // pop leaves the agent with nothing pending
        assert.deepEqual(order, ["1@Infinity", "2@Infinity", "3@Infinity", "0@Infinity"])
    })

    it("moves an agent earlier or later, pull never delays, cancel and NEVER remove", () => {
        const a = new Agenda(new SimClock())
        const [x, y, z] = [a.add(), a.add(), a.add()]
        a.schedule(x, 100)
        a.schedule(y, 200)
        a.schedule(z, 300)
        a.schedule(z, 50) // earlier
        a.schedule(x, 250) // later
        a.pull(y, 400) // no effect: y is due at 200
        a.pull(y, 150)
        a.cancel(z)
        a.schedule(x, NEVER)
        assert.equal(a.dueNs(z), NEVER)
        assert.equal(a.peekNs(), 150)
        assert.equal(a.pop(), y)
        assert.equal(a.pop(), -1)
    })

    it("matches a sorted-list model over random operations", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 50 })), { maxLength: 200 }),
                ops => {
                    const a = new Agenda(new SimClock())
                    for (let i = 0; i < 8; i++) a.add()
                    const model = new Map<number, number>()
                    for (const [id, op, t] of ops) {
                        if (op === 0) {
                            a.schedule(id, t)
                            model.set(id, t)
                        } else if (op === 1) {
                            a.pull(id, t)
                            if (!model.has(id) || t < (model.get(id) as number)) model.set(id, t)
                        } else if (op === 2) {
                            a.cancel(id)
                            model.delete(id)
                        } else {
                            const got = a.pop()
                            const want = [...model.entries()].sort((p, q) => p[1] - q[1] || p[0] - q[0])[0]
                            assert.equal(got, want ? want[0] : -1)
                            if (want) model.delete(want[0])
                        }
                    }
                }
            ),
            { numRuns: 300 }
        )
    })
})
