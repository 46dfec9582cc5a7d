import * as ds from "@devicescript/core"
import { EdgeDetector } from "./edge-detector"
import { PinDriver } from "./pin-driver"

/**
 * The GPIO event source of the DeviceScript port: one fiber that reads every watched pin each
 * `periodMs` and hands the levels to the EdgeDetector. DeviceScript exposes no GPIO interrupt
 * to programs (see README.md), so this scan is the fastest pin event source available: an edge
 * is seen one period (1 ms by default) after it happens, plus the VM's scheduling delay. Pulses
 * shorter than the period can be missed; a pulse train faster than half the scan rate aliases.
 */
export class EdgePoller {
    scans = 0
    private fiber: ds.Fiber = null

    constructor(private detector: EdgeDetector, private pins: PinDriver, readonly periodMs: number) {
        if (!(periodMs >= 1)) throw new Error(`EdgePoller: period must be >= 1 ms, got ${periodMs}`)
    }

    /** Reads every watched pin once. */
    scan(): void {
        const watched = this.detector.pins
        for (let i = 0; i < watched.length; i++) this.detector.sample(watched[i], this.pins.read(watched[i]))
        this.scans++
    }

    stop(): void {
        if (this.fiber !== null) this.fiber.terminate()
        this.fiber = null
    }

    start(): void {
        if (this.fiber !== null) return
        this.fiber = pollLoop.start(this)
    }
}

async function pollLoop(poller: EdgePoller) {
    while (true) {
        await ds.sleep(poller.periodMs)
        poller.scan()
    }
}
