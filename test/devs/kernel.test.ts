/**
 * The kernel inside the DeviceScript VM (`devs run test/devs/kernel.test.ts --test --test-self-exit`).
 * Same semantics as the Node suite: coalescing, importance order, policies, error isolation,
 * diagnostics formatting, and the shared script line for line.
 */
import { describe, test, expect } from "@devicescript/test"
import * as ds from "@devicescript/core"
import { Kernel, ManualClock, EventBatch, formatRecord, parseLine, recordToObject, formatNumber } from "../../src/kernel/index"
import { kernelScript } from "../shared/kernel-script"
import { EXPECTED_CORES, EXPECTED_SINGLE_THREAD } from "../shared/kernel-script.expected"

function sameLines(got: string[], want: string[]) {
    for (let i = 0; i < want.length || i < got.length; i++) expect(got[i]).toBe(want[i])
}

/**
 * A test body that starts in a fresh fiber slice: the runner calls synchronous tests back to
 * back, and their opcodes add up against the VM's 128 K-per-slice limit.
 */
function sliced(body: () => void): () => Promise<void> {
    return async () => {
        await ds.sleep(0)
        body()
    }
}

/** Runs the shared script one step per fiber slice (the VM allows 128 K opcodes per slice). */
async function runSliced(policy: string): Promise<string[]> {
    const script = kernelScript(policy)
    for (let i = 0; i < script.steps.length; i++) {
        script.steps[i]()
        await ds.sleep(0)
    }
    return script.out
}

function bench(policy: string, cores: number) {
    const clock = new ManualClock()
    const log: string[] = []
    const kernel = new Kernel({ cores: cores, policy: policy as any, clock: clock })
    const line = kernel.addLine("irq")
    const src = kernel.addSource("s", line)
    const rec = (name: string) => (ev: EventBatch, ctx: any) => {
        let vals = ""
        for (let i = 0; i < ev.count; i++) vals += (i > 0 ? "," : "") + ev.value(i)
        log.push(`${name}@${ctx.core}.${ctx.thread}[${vals}]`)
    }
    const drain = () => {
        let ran = true
        while (ran) {
            ran = false
            for (let i = 0; i < kernel.threads.length; i++) if (kernel.dispatcher.runNext(kernel.threads[i]) !== null) ran = true
        }
    }
    return { clock: clock, kernel: kernel, src: src, log: log, rec: rec, drain: drain }
}

describe("kernel in the DeviceScript VM", () => {
    test("shared script, policy cores, line for line", async () => {
        sameLines(await runSliced("cores"), EXPECTED_CORES)
    })
    test("shared script, policy single-thread, line for line", async () => {
        sameLines(await runSliced("single-thread"), EXPECTED_SINGLE_THREAD)
    })
    test("coalescing: a queued DPC absorbs further requests into one run", sliced(() => {
        const b = bench("cores", 2)
        const a = b.kernel.addDpc({ name: "a", routine: b.rec("a") })
        b.kernel.start()
        const r1 = b.kernel.requestOn(a, b.src, 1, 0, 0)
        const r2 = b.kernel.requestOn(a, b.src, 2, 0, 0)
        const r3 = b.kernel.requestOn(a, b.src, 3, 0, 0)
        expect(`${r1} ${r2} ${r3}`).toBe("true false false")
        b.drain()
        expect(b.log.join(" ")).toBe("a@0.0[1,2,3]")
        expect(a.coalesced()).toBe(2)
    }))
    test("importance: high to the head, medium and low to the tail", sliced(() => {
        const b = bench("single-thread", 1)
        const m = b.kernel.addDpc({ name: "m", routine: b.rec("m") })
        const lo = b.kernel.addDpc({ name: "lo", routine: b.rec("lo"), importance: "low" })
        const h = b.kernel.addDpc({ name: "h", routine: b.rec("h"), importance: "high" })
        b.kernel.start()
        b.kernel.requestOn(m, b.src, 1, 0, 0)
        b.kernel.requestOn(lo, b.src, 2, 0, 0)
        b.kernel.requestOn(h, b.src, 3, 0, 0)
        b.drain()
        expect(b.log.join(" ")).toBe("h@0.0[3] m@0.0[1] lo@0.0[2]")
    }))
    test("policies place DPCs on the documented threads", async () => {
        const want: string[] = ["single-thread:0.0 0.0 0.0", "threads:0.0 0.1 0.0", "cores:0.0 1.0 0.0", "interrupting-core:1.0 1.0 1.0"]
        const policies = ["single-thread", "threads", "cores", "interrupting-core"]
        for (let p = 0; p < policies.length; p++) {
            await ds.sleep(0) // one kernel per slice: four do not fit the VM's 128 K opcodes
            const b = bench(policies[p], 2)
            const dpcs = [b.kernel.addDpc({ name: "a", routine: b.rec("a") }), b.kernel.addDpc({ name: "b", routine: b.rec("b") }), b.kernel.addDpc({ name: "c", routine: b.rec("c") })]
            b.kernel.start()
            let got = policies[p] + ":"
            for (let i = 0; i < dpcs.length; i++) {
                b.kernel.requestOn(dpcs[i], b.src, i, 0, 1)
                const t = b.kernel.threads[dpcs[i].threadIndex]
                got += (i > 0 ? " " : "") + t.core + "." + t.thread
            }
            expect(got).toBe(want[p])
        }
    })
    test("error isolation: a throwing DPC is counted; the next DPC still runs", sliced(() => {
        const b = bench("single-thread", 1)
        const bad = b.kernel.addDpc({
            name: "bad",
            routine: () => {
                throw new Error("boom")
            },
        })
        const good = b.kernel.addDpc({ name: "good", routine: b.rec("good") })
        b.kernel.start()
        b.kernel.requestOn(bad, b.src, 1, 0, 0)
        b.kernel.requestOn(good, b.src, 2, 0, 0)
        b.drain()
        expect(bad.stats.errors).toBe(1)
        expect(bad.stats.lastError).toBe("boom")
        expect(b.log.join(" ")).toBe("good@0.0[2]")
        expect(b.kernel.checkInvariants()).toBe("")
    }))
    test("diagnostics: format, parse, checksum, numbers", sliced(() => {
        const line = formatRecord("dpc", ["name", "runs", "lat_p50_us", "note"], ["debounce", 10, 12.5, "a,b"])
        expect(line).toBe("$DPC,dpc,name=debounce,runs=10,lat_p50_us=12.5,note=a%2Cb*54")
        const r = parseLine(line + "\r\n")
        expect(r.status).toBe("ok")
        const o = recordToObject(r.record)
        expect(o["runs"]).toBe(10)
        expect(o["lat_p50_us"]).toBe(12.5)
        expect(o["note"]).toBe("a,b")
        expect(parseLine(line.slice(0, line.length - 2) + "00").status).toBe("bad-checksum")
        expect(parseLine(line.slice(0, 20)).status).toBe("truncated")
        expect(`${formatNumber(1 / 3)} ${formatNumber(-0.0006)} ${formatNumber(1234567890123)}`).toBe("0.333 -0.001 1234567890123")
    }))
    test("bad use of the API names the thing and the reason", sliced(() => {
        const b = bench("cores", 2)
        let msg = ""
        try {
            b.kernel.addDpc({ name: "x", routine: () => {}, ring: 0 })
        } catch (e: any) {
            msg = e.message
        }
        expect(msg).toBe("DPC 'x': ring capacity must be a whole number >= 1, got 0")
        try {
            b.kernel.dpc("nope")
        } catch (e: any) {
            msg = e.message
        }
        expect(msg).toBe("unknown DPC 'nope' (known: none)")
    }))
})
