/**
 * The SDK's GPIO bank handler on the native host (pico-sdk hardware_gpio/gpio.c
 * gpio_default_irq_handler; ESP-IDF esp_driver_gpio/src/gpio.c gpio_intr_service): the ISR of
 * the bank's line, as a core sees it (IrqService).
 *
 * - Taken: it reads the pins of its core that assert the line, pin by pin in pin order, and
 *   identifies their events: per-edge latches give one event per latched edge, in the order
 *   they happened; a per-pin status bit gives one event whose value is what the ISR can know
 *   (the configured edge for a one-edge pin; for an any-edge pin the level the callback reads
 *   when it runs, at the handler's end); a level pin gives its level and is masked. It acknowledges what it read, effective `ackCycles` into
 *   the handler: an edge on a latch it read that comes before then merges into it (missed).
 * - It costs the board's fixed `dispatchCycles` per interrupt plus, per event, its
 *   `eventCycles` and the source's own cycles (the callback: identify and request).
 * - When its work is done it hands the events to the kernel, raising the line once per event
 *   (status = pin, value = level, stamped with when the hardware latched it).
 */
import { InterruptLine } from "../../src/kernel"
import { NativeSpec } from "../board-spec"
import { BOTH, GpioBank, GpioPin, HIGH, RISING } from "./gpio-bank"
import { IrqService } from "./irq-service"
import { SimClock, cyclesToNs } from "./sim-clock"

/** An any-edge pin's value under a per-pin status bit: the level the callback reads when it runs. */
const READ_LATER = -1

export class GpioHandler implements IrqService {
    readonly name: string
    /** The kernel's line for the bank (set by the port before the first interrupt). */
    line: InterruptLine | null = null
    /** The callback's cycles per event, by pin (set when the pin is watched). */
    private cyclesOf: number[] = []
    /** The ISR's view of the asserting pins, sorted by pin number. */
    private scratch: GpioPin[] = []
    /** Events identified by the ISR in service on each core: pin, level (READ_LATER: read at the end), stamp. */
    private pendPin: number[][] = []
    private pendLevel: number[][] = []
    private pendNs: number[][] = []
    private pendCount: number[] = []
    private ackNs: number

    constructor(
        private bank: GpioBank,
        cores: number,
        private costs: NativeSpec["gpioIsr"],
        clockHz: number,
        private clock: SimClock
    ) {
        this.name = bank.name
        this.ackNs = cyclesToNs(costs.ackCycles, clockHz)
        for (let c = 0; c < cores; c++) {
            this.pendPin.push([])
            this.pendLevel.push([])
            this.pendNs.push([])
            this.pendCount.push(0)
        }
    }

    /** A pin the app watches on `core`, whose callback costs `cycles` per event. Set-up time. */
    watch(pin: GpioPin, core: number, cycles: number): void {
        this.cyclesOf[pin.num] = cycles
        this.scratch.push(pin)
        // Room for two events per watched pin (a rise and a fall) per ISR.
        for (let k = 0; k < 2; k++) {
            this.pendPin[core].push(0)
            this.pendLevel[core].push(0)
            this.pendNs[core].push(0)
        }
    }

    enter(core: number, entryNs: number): number {
        const bank = this.bank
        const heldNs = entryNs + this.ackNs
        const k = bank.assertingCount[core]
        let n = 0
        let cycles = this.costs.dispatchCycles
        if (k === 1) {
            // One pin (the usual case): nothing to sort.
            const p = bank.asserting[core][0]
            n = this.identify(p, core, 0)
            cycles += n * (this.costs.eventCycles + this.cyclesOf[p.num])
            bank.acknowledge(p, heldNs)
        } else {
            // The asserting pins, in pin order (insertion sort: there are few). A copy, because
            // acknowledging takes pins off the asserting list.
            const live = bank.asserting[core]
            const list = this.scratch
            for (let i = 0; i < k; i++) {
                const p = live[i]
                let j = i
                while (j > 0 && list[j - 1].num > p.num) {
                    list[j] = list[j - 1]
                    j--
                }
                list[j] = p
            }
            for (let i = 0; i < k; i++) {
                const p = list[i]
                const before = n
                n = this.identify(p, core, n)
                cycles += (n - before) * (this.costs.eventCycles + this.cyclesOf[p.num])
                bank.acknowledge(p, heldNs)
            }
        }
        this.pendCount[core] = n
        return cycles
    }

    /**
     * The ISR reads pin `p`: its events go to `core`'s pending list from position `n`. Returns
     * the new length of the list.
     */
    private identify(p: GpioPin, core: number, n: number): number {
        const pins = this.pendPin[core]
        const levels = this.pendLevel[core]
        const stamps = this.pendNs[core]
        const d = p.detect
        if (d >= HIGH) {
            pins[n] = p.num
            levels[n] = p.level
            stamps[n] = this.clock.nowNs()
            return n + 1
        }
        if (this.bank.perPinLatch) {
            if (!p.statusLatched) return n
            pins[n] = p.num
            levels[n] = d === BOTH ? READ_LATER : d === RISING ? 1 : 0
            stamps[n] = p.statusNs
            return n + 1
        }
        const riseFirst = p.riseLatched && (!p.fallLatched || p.riseNs <= p.fallNs)
        for (let k = 0; k < 2; k++) {
            const rise = k === 0 ? riseFirst : !riseFirst
            if (rise ? !p.riseLatched : !p.fallLatched) continue
            pins[n] = p.num
            levels[n] = rise ? 1 : 0
            stamps[n] = rise ? p.riseNs : p.fallNs
            n++
        }
        return n
    }

    /** Hands the identified events to the kernel: raises the line once per event. */
    finish(core: number): number {
        const n = this.pendCount[core]
        const line = this.line
        if (line === null) throw new Error(`${this.name}: interrupt taken before the kernel's line was registered`)
        const pins = this.pendPin[core]
        const levels = this.pendLevel[core]
        const stamps = this.pendNs[core]
        for (let i = 0; i < n; i++) line.raiseAt(core, pins[i], levels[i] === READ_LATER ? this.bank.level(pins[i]) : levels[i], stamps[i])
        return 0
    }

    handled(core: number): number {
        return this.pendCount[core]
    }
}
