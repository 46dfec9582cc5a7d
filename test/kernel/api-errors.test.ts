/**
 * Bad use of the API throws an error whose message names the thing and the reason.
 */
import assert from "node:assert/strict"
import { Kernel, ManualClock } from "../../src/kernel"
import { addSources, makeKernel } from "../fixtures/kernel"

const noop = () => {}

describe("kernel API errors", () => {
    it("unknown DPC names the DPC and lists the known ones", () => {
        const b = makeKernel()
        b.kernel.addDpc({ name: "debounce", routine: noop })
        b.kernel.addDpc({ name: "sample", routine: noop })
        assert.throws(() => b.kernel.dpc("debunce"), { message: "unknown DPC 'debunce' (known: debounce, sample)" })
        const line = b.kernel.addLine("irq")
        assert.throws(
            () => b.kernel.addDriver({ name: "drv", lines: [line], dpcs: ["debounce", "nope"], isr: noop }),
            { message: "unknown DPC 'nope' (known: debounce, sample)" }
        )
    })

    it("a DPC from another kernel is refused", () => {
        const one = makeKernel()
        const other = makeKernel()
        const foreign = other.kernel.addDpc({ name: "x", routine: noop })
        one.kernel.addDpc({ name: "y", routine: noop })
        const [s] = addSources(one, 1)
        one.kernel.start()
        assert.throws(() => one.req(foreign, s, 0), { message: "DPC 'x' is not registered with this kernel" })
    })

    it("target core beyond the board", () => {
        const b = makeKernel({ cores: 2 })
        assert.throws(() => b.kernel.addDpc({ name: "far", routine: noop, target: { core: 2 } }), {
            message: "DPC 'far': target core 2 is beyond the board's 2 cores (0-1)",
        })
        const one = makeKernel({ cores: 1 })
        assert.throws(() => one.kernel.addDpc({ name: "far", routine: noop, target: { core: 1 } }), {
            message: "DPC 'far': target core 1 is beyond the board's 1 core (0-0)",
        })
        assert.throws(() => b.kernel.addDpc({ name: "deep", routine: noop, target: { core: 0, thread: 8 } }), {
            message: "DPC 'deep': target thread 8 is beyond the 8 DPC threads a core may have (0-7)",
        })
    })

    it("ring capacity 0, and other bad DPC options", () => {
        const b = makeKernel()
        assert.throws(() => b.kernel.addDpc({ name: "r", routine: noop, ring: 0 }), {
            message: "DPC 'r': ring capacity must be a whole number >= 1, got 0",
        })
        assert.throws(() => b.kernel.addDpc({ name: "r", routine: noop, ring: 2.5 }), /ring capacity must be a whole number/)
        assert.throws(() => b.kernel.addDpc({ name: "b", routine: noop, budgetEvents: 0 }), {
            message: "DPC 'b': budget must be a whole number of events >= 1, got 0",
        })
        assert.throws(() => b.kernel.addDpc({ name: "i", routine: noop, importance: "urgent" as any }), {
            message: "DPC 'i': importance must be one of high, medium, low, got 'urgent'",
        })
        assert.throws(() => b.kernel.addDpc({ name: "w", routine: noop, watchdogNs: -1 }), /DPC 'w': watchdog must be >= 0 ns/)
        assert.throws(() => b.kernel.addDpc({ name: "f", routine: "nope" as any }), { message: "DPC 'f': routine must be a function" })
        assert.throws(() => b.kernel.addDpc({ name: "has space", routine: noop }), {
            message: "DPC 'has space': name may contain only letters, digits, '_', '-' and '.'",
        })
        assert.throws(() => b.kernel.addDpc({ name: "", routine: noop }), { message: "DPC: name must be a non-empty string" })
    })

    it("duplicate names of DPCs, lines, sources and drivers", () => {
        const b = makeKernel()
        b.kernel.addDpc({ name: "a", routine: noop })
        b.kernel.addDpc({ name: "b", routine: noop })
        assert.throws(() => b.kernel.addDpc({ name: "a", routine: noop }), { message: "duplicate DPC name 'a'" })
        const line = b.kernel.addLine("irq")
        assert.throws(() => b.kernel.addLine("irq"), { message: "duplicate interrupt line name 'irq'" })
        b.kernel.addSource("pin", line)
        assert.throws(() => b.kernel.addSource("pin", line), { message: "duplicate source name 'pin'" })
        b.kernel.addDriver({ name: "d", lines: [line], dpcs: ["a", "b"], isr: noop })
        assert.throws(() => b.kernel.addDriver({ name: "d", lines: [line], dpcs: ["a", "b"], isr: noop }), {
            message: "duplicate driver name 'd'",
        })
        assert.throws(() => b.kernel.addDriver({ name: "twice", lines: [line], dpcs: ["a", "a"], isr: noop }), {
            message: "driver 'twice': DPC 'a' is listed twice",
        })
    })

    it("kernel options and life cycle", () => {
        const clock = new ManualClock()
        assert.throws(() => new Kernel({ cores: 0, clock }), { message: "kernel: cores must be a whole number from 1 to 16, got 0" })
        assert.throws(() => new Kernel({ cores: 2, clock, policy: "fastest" as any }), {
            message:
                "kernel: policy must be one of single-thread, threads, cores, interrupting-core, round-robin, least-loaded, got 'fastest'",
        })
        assert.throws(() => new Kernel({ cores: 2, clock, threadsPerCore: 9 }), /threadsPerCore must be a whole number from 1 to 8, got 9/)
        assert.throws(() => new Kernel({ cores: 2 } as any), { message: "kernel: a clock with nowNs() is required" })
        const k = new Kernel({ cores: 2, clock })
        assert.throws(() => k.start(), { message: "kernel: start() with no DPC registered" })
        const a = k.addDpc({ name: "a", routine: noop })
        const line = k.addLine("irq")
        assert.throws(() => k.addLine("bad", 5), { message: "interrupt line 'bad': core 5 is beyond the board's 2 cores (0-1)" })
        const s = k.addSource("s", line)
        assert.throws(() => k.requestOn(a, s, 0, 0, 0), { message: "kernel: request before start()" })
        k.start()
        assert.throws(() => k.addDpc({ name: "late", routine: noop }), { message: "kernel: cannot add a DPC after start()" })
        assert.throws(() => k.thread(1, 1), { message: "kernel: no DPC thread 1 on core 1 under policy cores" })
        assert.throws(() => line.raise(2, 0, 0), { message: "line 'irq': raised on core 2, the board has 2" })
    })
})
