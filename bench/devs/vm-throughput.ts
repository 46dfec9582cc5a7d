/**
 * Figure 4 (VM part), run in the DeviceScript VM by bench/devs-vm.ts:
 *   devs run bench/devs/vm-throughput.ts --test --test-self-exit
 *
 * Events per second delivered to a handler:
 *   - kernel: line.raise -> ISR -> request -> runNext -> routine, yielding every YIELD_EVERY events
 *     (the VM allows 128 K opcodes per fiber slice);
 *   - the runtime's own path: ds.emitter().emit(v) -> subscribe handler, with the same producer
 *     (yield every YIELD_EVERY events). The emitter runs the handler in a fiber of its own and
 *     keeps only the latest pending value, so events emitted before the handler runs are lost
 *     without a trace; we count what the handler receives.
 * And a burst of BURST events with no yield in between: how many each path delivers.
 * Prints one line `VMBENCH {json}` that the host side parses.
 */
import * as ds from "@devicescript/core"
import { describe, test } from "@devicescript/test"
import { Kernel, ManualClock } from "../../src/kernel/index"

const YIELD_EVERY = 25
const BURST = 100

function makeKernel() {
    const clock = { nowNs: () => ds.millis() * 1000000 }
    const kernel = new Kernel({ cores: 2, clock: clock })
    let delivered = 0
    const a = kernel.addDpc({ name: "a", ring: BURST, routine: ev => (delivered += ev.count) })
    const b = kernel.addDpc({ name: "b", routine: ev => (delivered += ev.count) })
    const line = kernel.addLine("irq")
    const src = kernel.addSource("pin", line)
    kernel.addDriver({ name: "d", lines: [line], dpcs: [a, b], isr: ctx => ctx.request(a, src, ctx.value) })
    kernel.start()
    return { kernel: kernel, line: line, thread: kernel.threads[0], delivered: () => delivered }
}

describe("vm throughput", () => {
    test("kernel vs emitter", async () => {
        await ds.sleep(0)
        const n = 1500
        // Kernel path.
        const k = makeKernel()
        const t0 = ds.millis()
        for (let i = 0; i < n; i++) {
            k.line.raise(0, 14, i)
            k.kernel.dispatcher.runNext(k.thread)
            if (i % YIELD_EVERY === YIELD_EVERY - 1) await ds.sleep(0)
        }
        await ds.sleep(0)
        const kernelMs = ds.millis() - t0
        const kernelDelivered = k.delivered()

        // The runtime's emitter path.
        const e = ds.emitter<number>()
        let got = 0
        e.subscribe(v => {
            got++
        })
        await ds.sleep(0)
        const t1 = ds.millis()
        for (let i = 0; i < n; i++) {
            e.emit(i)
            if (i % YIELD_EVERY === YIELD_EVERY - 1) await ds.sleep(0)
        }
        await ds.sleep(5)
        const emitterMs = ds.millis() - t1 - 5
        const emitterDelivered = got

        // Bursts with no yield in between.
        const kb = makeKernel()
        for (let i = 0; i < BURST; i++) kb.line.raise(0, 14, i)
        await ds.sleep(0)
        while (kb.kernel.dispatcher.runNext(kb.thread) !== null) {}
        got = 0
        for (let i = 0; i < BURST; i++) e.emit(i)
        await ds.sleep(10)
        console.log(
            "VMBENCH " +
                JSON.stringify({
                    events: n,
                    kernelMs: kernelMs,
                    kernelDelivered: kernelDelivered,
                    emitterMs: emitterMs,
                    emitterDelivered: emitterDelivered,
                    burst: BURST,
                    kernelBurstDelivered: kb.delivered(),
                    emitterBurstDelivered: got,
                })
        )
    })
})
