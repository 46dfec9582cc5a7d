/**
 * A timer alarm (RP2040 TIMER ALARM0..3 with TIMER_IRQ_0..3; ESP32 timer-group timers with
 * TGn_Tm_LEVEL): fires at a target time, one-shot or periodic, and raises its own interrupt
 * line toward one core.
 *
 * - Targets are rounded up to the timer's resolution (1 us on both chips' SDK timers).
 * - Periodic alarms are re-armed from the previous target, not from when the ISR ran, so a
 *   period never drifts (what the port's ISR does on the chip: target += period).
 * - Firing sets a latch; a fire that finds the latch still set (its ISR has not run yet) is
 *   merged by the hardware and counted as `missed`.
 * - The ISR reads the alarm's index (status) and its fire count (value), stamped with the
 *   target time the alarm fired at.
 */
import { InterruptLine } from "../../src/kernel"
import { NEVER } from "./agenda"
import { InterruptController } from "./interrupt-controller"
import { IrqService } from "./irq-service"

export class Alarm implements IrqService {
    readonly name: string
    /** The kernel's line for this alarm; null until the app watches the alarm. */
    line: InterruptLine | null = null
    core = 0
    isrCycles = 0
    armed = false
    targetNs = NEVER
    periodNs = 0
    latched = false
    latchNs = 0
    fires = 0
    missed = 0
    private seenFires = 0
    private seenNs = 0

    constructor(
        readonly index: number,
        name: string,
        /** Index of this alarm's line in every core's controller. */
        readonly lineIndex: number,
        private resolutionNs: number,
        private controllers: InterruptController[],
        private schedule: (alarm: Alarm, ns: number) => void
    ) {
        this.name = name
    }

    private round(ns: number): number {
        return Math.ceil(ns / this.resolutionNs) * this.resolutionNs
    }

    /** Fires first at `firstNs`, then every `periodNs` (0: once). Replaces any earlier setting. */
    arm(firstNs: number, periodNs: number): void {
        this.armed = true
        this.targetNs = this.round(firstNs)
        this.periodNs = periodNs > 0 ? Math.max(this.resolutionNs, this.round(periodNs)) : 0
        this.schedule(this, this.targetNs)
    }

    disarm(): void {
        this.armed = false
        this.targetNs = NEVER
        this.schedule(this, NEVER)
    }

    /** The alarm's agent acts: the timer reached the target. Returns the next target or NEVER. */
    fire(): number {
        this.fires++
        if (this.latched) this.missed++
        else {
            this.latched = true
            this.latchNs = this.targetNs
            this.controllers[this.core].assert(this.lineIndex, true)
        }
        if (this.periodNs > 0) this.targetNs += this.periodNs
        else {
            this.armed = false
            this.targetNs = NEVER
        }
        return this.targetNs
    }

    enter(_core: number): number {
        this.seenFires = this.fires
        this.seenNs = this.latchNs
        this.latched = false
        this.controllers[this.core].assert(this.lineIndex, false)
        return this.isrCycles
    }

    exit(core: number): number {
        const line = this.line
        if (line === null) throw new Error(`${this.name}: interrupt taken with no kernel line`)
        line.raiseAt(core, this.index, this.seenFires, this.seenNs)
        return 1
    }
}
