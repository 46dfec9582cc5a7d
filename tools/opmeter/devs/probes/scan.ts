/**
 * The port's pin scan alone (src/port/pin-scan.ts), for the scan's opcode budget per watched
 * pin: a PinScan watching `pins` pins (both edges, levels held in memory as the virtual pins
 * hold them), on a kernel line with no ISR, scanned with no pin changed.
 */
import * as ds from "@devicescript/core"
import { Kernel } from "../../../../src/kernel/index"
import { PinHandle, PinScan } from "../../../../src/port/pin-scan"
import { Probe } from "../harness"

class Level implements PinHandle {
    value = 0
}

let scan: PinScan = null

/** One scan of `pins` watched pins, none changed. */
export function pins(pins: number): Probe {
    return {
        setup: async () => {
            const clock = { nowNs: () => ds.millis() * 1000000 }
            const kernel = new Kernel({ cores: 2, clock: clock, checks: false, timeRuns: false })
            const line = kernel.addLine("IO_IRQ_BANK0", 0)
            scan = new PinScan(line, clock, 1, 4, 100)
            for (let i = 0; i < pins; i++) scan.watch(i, new Level(), "both", 0, 0)
            scan.build()
        },
        body: () => scan.scan(),
    }
}
