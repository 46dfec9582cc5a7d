/**
 * The pin-scan fiber: the DeviceScript port's "ISR". DeviceScript gives programs no pin
 * interrupt, so the port's fiber sleeps `PinScan.sleepMs` (1 ms, 4 ms once the pins have been
 * quiet for 100 ms) and reads the watched pins (src/port/device-port.ts scanLoop). Its slice is
 * the port's own PinScan.scan, run here on the GPIO bank's levels: a pin that changed raises the
 * GPIO line, stamped with the VM's clock (whole ms), and the drivers' ISRs run inside the slice.
 *
 * An edge is seen at the next scan; a pulse that begins and ends between two scans is never
 * seen: it is counted as missed (on the pin's watch), with the events its watch would have
 * raised (one per pulse for a rising or falling watch, two for `both`, one for a level watch's
 * active pulse).
 */
import { Edge } from "../../../src/hal/hal"
import { InterruptLine } from "../../../src/kernel"
import { PinHandle, PinScan } from "../../../src/port/pin-scan"
import { GpioBank, GpioPin } from "../../model/gpio-bank"
import { Costs } from "./costs"
import { Fiber, Vm } from "./vm"

interface Watch {
    pin: GpioPin
    edge: Edge
    core: number
    /** What the scan compares the pin with (PinScan's ref): the last level read, or a level watch's inactive level. */
    ref: number
    /** The level the last scan read, and the pin's level changes then. */
    lastLevel: number
    lastEdges: number
    /** Events missed: pulses no scan saw. */
    missed: number
}

export class ScanFiber extends Fiber {
    readonly scan: PinScan
    private watches: Watch[] = []
    private first = true
    /** Raises the scan made, and the ones it was expected to make (a check of the model). */
    raises = 0
    private expected = 0

    constructor(line: InterruptLine, private bank: GpioBank, private costs: Costs, clock: { nowNs(): number }, fastMs: number, slowMs: number, quietMs: number) {
        super("pin scan", "scan")
        // PinScan raises the line through this: the raise is charged as it happens.
        const self = this
        const charged = {
            raiseAt: (core: number, pin: number, level: number, ns: number) => {
                self.raises++
                self.events++
                costs.raise(line, pin, `gpio${pin}`, () => line.raiseAt(core, pin, level, ns))
            },
            count: () => line.count(),
        }
        this.scan = new PinScan(charged as unknown as InterruptLine, clock, fastMs, slowMs, quietMs)
    }

    /** Watches `pin` (Hal.watchPin): the port's PinScan.watch, read from the bank. Set-up time. */
    watch(num: number, edge: Edge, core: number): void {
        const pin = this.bank.pin(num) as GpioPin
        const handle: PinHandle = {
            get value() {
                return pin.level
            },
        }
        this.scan.watch(num, handle, edge, core, pin.level)
        this.watches.push({ pin, edge, core, ref: edge === "high" ? 0 : edge === "low" ? 1 : pin.level, lastLevel: pin.level, lastEdges: pin.edges, missed: 0 })
    }

    get pins(): number {
        return this.watches.length
    }

    /** Pulses missed on the watches routed to `core`. */
    missedOn(core: number): number {
        let n = 0
        for (const w of this.watches) if (w.core === core) n += w.missed
        return n
    }

    /** "" when the scan raised the line exactly when its watches said it should. */
    check(): string {
        return this.raises === this.expected ? "" : `the pin scan raised its line ${this.raises} times, its watches expected ${this.expected}`
    }

    slice(vm: Vm): void {
        // The loop's first slice only sleeps (scanLoop awaits before its first scan).
        if (!this.first) {
            this.label = "pin scan"
            this.costs.scan(this.watches.length)
            for (const w of this.watches) this.look(w)
            this.scan.scan()
        }
        this.first = false
        vm.sleep(this, this.scan.sleepMs)
    }

    /** What the scan will find on watch `w`: a change (charged), and the pulses between this scan and the last. */
    private look(w: Watch): void {
        const level = w.pin.level
        const seen = level !== w.lastLevel ? 1 : 0
        const unseen = w.pin.edges - w.lastEdges - seen
        if (unseen > 0) {
            const pulses = unseen / 2
            const e = w.edge
            w.missed += e === "both" ? unseen : e === "rising" || e === "falling" ? pulses : w.lastLevel === w.ref ? pulses : 0
        }
        w.lastLevel = level
        w.lastEdges = w.pin.edges
        if (level === w.ref) return
        const e = w.edge
        const fires = e === "rising" ? level === 1 : e === "falling" ? level === 0 : true
        if (fires) this.expected++
        this.costs.scanChange(e, fires)
        if (e !== "high" && e !== "low") w.ref = level
    }
}
