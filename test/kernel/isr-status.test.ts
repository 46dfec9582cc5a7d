/**
 * ISRs attached to a line for one raised status (a driver's pin on a GPIO bank): they run only
 * for raises with that status, before the line's whole-line ISRs; bad declarations are refused
 * with one message naming the driver, the line and the status.
 */
import assert from "node:assert/strict"
import { IsrContext, Kernel, MAX_ISR_STATUS, ManualClock } from "../../src/kernel"
import { makeKernel } from "../fixtures/kernel"

const noop = () => {}

function bankWithDrivers(checks: boolean) {
    const k = new Kernel({ cores: 2, clock: new ManualClock(), checks })
    const calls: string[] = []
    const bank = k.addLine("IO_IRQ_BANK0")
    const names = ["b1", "b2", "t1", "t2", "w1", "w2"]
    for (const n of names) k.addDpc({ name: n, routine: noop })
    const isr = (who: string) => (ctx: IsrContext) => calls.push(`${who}:${ctx.status}=${ctx.value}`)
    k.addDriver({ name: "button", lines: [{ line: bank, status: 14 }], dpcs: ["b1", "b2"], isr: isr("button") })
    k.addDriver({ name: "tach", lines: [{ line: "IO_IRQ_BANK0", status: 15 }, { line: bank, status: 3 }], dpcs: ["t1", "t2"], isr: isr("tach") })
    k.addDriver({ name: "watcher", lines: [bank], dpcs: ["w1", "w2"], isr: isr("watcher") })
    k.start()
    return { k, bank, calls }
}

describe("kernel: ISRs attached for one status", () => {
    for (const checks of [true, false]) {
        it(`a raise runs the ISRs of its status, then the line's, in attach order (checks ${checks ? "on" : "off"})`, () => {
            const { bank, calls } = bankWithDrivers(checks)
            bank.raise(0, 14, 0)
            bank.raise(0, 15, 1)
            bank.raise(0, 3, 1)
            bank.raise(0, 7, 1) // no driver's pin: only the whole-line ISR
            bank.raise(0, 2000, 1) // beyond every attached status
            assert.deepEqual(calls, [
                "button:14=0",
                "watcher:14=0",
                "tach:15=1",
                "watcher:15=1",
                "tach:3=1",
                "watcher:3=1",
                "watcher:7=1",
                "watcher:2000=1",
            ])
            assert.equal(bank.isrCount(), 4)
            assert.equal(bank.count(), 5)
            // What a raise runs, for cost models: the status's ISRs and the whole line's.
            assert.deepEqual([14, 15, 3, 7, 2000, -1].map(s => bank.isrsFor(s)), [2, 2, 2, 1, 1, 1])
        })
    }

    it("two drivers on one status both run, in attach order; a line with status ISRs only runs nothing for others", () => {
        const b = makeKernel()
        const k = b.kernel
        const calls: string[] = []
        const bank = k.addLine("bank")
        for (const n of ["a1", "a2", "c1", "c2"]) k.addDpc({ name: n, routine: noop })
        k.addDriver({ name: "a", lines: [{ line: bank, status: 5 }], dpcs: ["a1", "a2"], isr: () => calls.push("a") })
        k.addDriver({ name: "c", lines: [{ line: bank, status: 5 }], dpcs: ["c1", "c2"], isr: () => calls.push("c") })
        k.start()
        bank.raise(0, 5, 1)
        bank.raise(0, 4, 1)
        bank.raise(0, 6, 1)
        assert.deepEqual(calls, ["a", "c"])
        assert.equal(bank.count(), 3)
        assert.deepEqual(k.drivers.map(d => bank.statusesOf(d.isr)), [[5], [5]])
        assert.deepEqual(bank.statusesOf(() => {}), [])
    })

    it("the ISR of a status requests its DPC as a whole-line one does", () => {
        const b = makeKernel()
        const k = b.kernel
        const bank = k.addLine("bank")
        const edge = k.addDpc({ name: "edge", routine: b.recorder("edge") })
        k.addDpc({ name: "other", routine: noop })
        const src = k.addSource("pin9", bank)
        k.addDriver({ name: "d", lines: [{ line: bank, status: 9 }], dpcs: ["edge", "other"], isr: ctx => ctx.request(edge, src, ctx.value) })
        k.start()
        b.clock.setNs(100)
        bank.raise(0, 9, 1)
        bank.raise(0, 8, 1)
        bank.raise(0, 9, 0)
        b.drain()
        assert.deepEqual(b.trace, ["wake 0.0 t=100", "run edge@0.0 t=100 [pin9:1#0 pin9:0#1]"])
    })

    it("bad declarations name the driver, the line and the status", () => {
        const b = makeKernel()
        const k = b.kernel
        const bank = k.addLine("bank")
        for (const n of ["a", "b"]) k.addDpc({ name: n, routine: noop })
        const bad = (lines: any[]) => () => k.addDriver({ name: "drv", lines, dpcs: ["a", "b"], isr: noop })
        assert.throws(bad([bank, { line: bank, status: 1 }]), {
            message: "driver 'drv': line 'bank' is listed twice (once for the whole line, or once per status)",
        })
        assert.throws(bad([{ line: bank, status: 1 }, bank]), {
            message: "driver 'drv': line 'bank' is listed twice (once for the whole line, or once per status)",
        })
        assert.throws(bad([{ line: bank, status: 1 }, { line: "bank", status: 1 }]), { message: "driver 'drv': line 'bank' status 1 is listed twice" })
        for (const st of [-1, 1.5, MAX_ISR_STATUS + 1, "3", undefined])
            assert.throws(bad([{ line: bank, status: 2 }, { line: bank, status: st }]), {
                message: `driver 'drv': line 'bank': status must be a whole number from 0 to ${MAX_ISR_STATUS}, got ${st}`,
            })
        assert.throws(bad([{ line: "nope", status: 1 }]), /unknown interrupt line 'nope'/)
        // Nothing was attached by the refused declarations.
        assert.equal(bank.isrCount(), 0)
        k.addDriver({ name: "drv", lines: [{ line: bank, status: 1 }, { line: bank, status: MAX_ISR_STATUS }], dpcs: ["a", "b"], isr: noop })
        assert.equal(bank.isrCount(), 2)
    })
})
