/**
 * The kernel alone, on the smallest possible host: two DPCs, one line, one request and one
 * dispatch, then its diagnostics. Built by `npm run build:devs` to show the kernel is
 * DeviceScript-clean and to measure its bytecode size apart from the firmware.
 */
import * as ds from "@devicescript/core"
import { Kernel, bootRecord, periodicRecords } from "./kernel/index"

const clock = { nowNs: () => ds.millis() * 1000000 }
const kernel = new Kernel({ cores: 2, clock: clock })
let seen = 0
const a = kernel.addDpc({ name: "a", routine: events => (seen += events.count) })
const b = kernel.addDpc({ name: "b", routine: events => (seen += events.count), importance: "high" })
const line = kernel.addLine("irq")
const src = kernel.addSource("pin", line)
kernel.addDriver({
    name: "demo",
    lines: [line],
    dpcs: [a, b],
    isr: ctx => {
        ctx.request(ctx.status === 0 ? a : b, src, ctx.value)
    },
})
kernel.start()
line.raise(0, 0, 1)
line.raise(0, 1, 1)
for (let i = 0; i < kernel.threads.length; i++) while (kernel.dispatcher.runNext(kernel.threads[i]) !== null) {}
console.log(bootRecord(kernel, "any"))
const lines = periodicRecords(kernel, clock.nowNs())
for (let i = 0; i < lines.length; i++) console.log(lines[i])
console.log(`events processed: ${seen}`)
