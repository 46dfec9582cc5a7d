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

    it("matches a sorted-list model over random operations, absolute and relative to the clock", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 50 })), { maxLength: 200 }),
                ops => {
                    const clock = new SimClock()
                    const a = new Agenda(clock)
                    for (let i = 0; i < 8; i++) a.add()
                    const model = new Map<number, number>()
                    const earliest = () => [...model.entries()].sort((p, q) => p[1] - q[1] || p[0] - q[0])[0]
                    for (const [id, op, t] of ops) {
                        const now = clock.nowNs()
                        if (op === 0) {
                            a.schedule(id, t)
                            model.set(id, t)
                        } else if (op === 1) {
                            a.pull(id, t)
                            if (!model.has(id) || t < (model.get(id) as number)) model.set(id, t)
                        } else if (op === 2) {
                            a.cancel(id)
                            model.delete(id)
                        } else if (op === 3) {
                            // The run loop's step: the earliest acts, and the clock moves to it.
                            const got = a.pop()
                            const want = earliest()
                            assert.equal(got, want ? want[0] : -1)
                            if (want) {
                                model.delete(want[0])
                                if (want[1] > now) clock.setNs(want[1])
                            }
                        } else if (op === 4) {
                            a.scheduleIn(id, t)
                            model.set(id, now + t)
                        } else if (op === 5) {
                            a.pullToNow(id)
                            if (!model.has(id) || now < (model.get(id) as number)) model.set(id, now)
                        } else {
                            const ns = now + t
                            const first = [...model.entries()].every(([j, tj]) => j === id || ns < tj || (ns === tj && id < j))
                            assert.equal(a.isNextIn(id, t), first, `isNextIn(${id}, ${t}) at ${now}`)
                        }
                        assert.equal(a.peekNs(), model.size === 0 ? NEVER : earliest()[1])
                    }
                }
            ),
            { numRuns: 300 }
        )
    })
})
