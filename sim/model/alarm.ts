/**
 * A timer alarm's hardware (RP2040 TIMER ALARM0..3 with TIMER_IRQ_0..3; ESP32 timer-group
 * timers with TGn_Tm_LEVEL): a target time, and its own interrupt line toward one core. What
 * the SDK's handler does with it (re-arming, catching up) is alarm-handler.ts.
 *
 * - Writing a target arms the alarm (RP2040 ALARMn; ESP32 alarm value + ALARM_EN). Targets are
 *   rounded up to the timer's resolution (1 us on both chips' SDK timers).
 * - When the timer reaches the target the alarm fires: it disarms itself (RP2040 Datasheet 4.6:
 *   ARMED clears; ESP32 ALARM_EN clears) and sets its interrupt (INTR), which asserts the line.
 *   It fires again only when software writes a new target.
 * - Software may also force the interrupt (RP2040 INTF), and acknowledges it by clearing INTR.
 */
import { NEVER } from "./agenda"
import { InterruptController } from "./interrupt-controller"

export class Alarm {
    /** Core the alarm's line is routed to. */
    core = 0
    armed = false
    targetNs = NEVER
    /** INTR: set when it fired (or was forced), until acknowledged. */
    fired = false
    /** The target it fired at (or the time it was forced for). */
    firedNs = 0

    constructor(
        readonly index: number,
        readonly name: string,
        /** Index of this alarm's line in every core's controller. */
        readonly lineIndex: number,
        private resolutionNs: number,
        private controllers: InterruptController[],
        /** Tells the alarm's agent when it acts next (NEVER: not armed). */
        private schedule: (ns: number) => void
    ) {}

    /** `ns` rounded up to the timer's resolution. */
    round(ns: number): number {
        return Math.ceil(ns / this.resolutionNs) * this.resolutionNs
    }

    /** Arms the alarm for `targetNs` (already rounded; the SDK checks it is ahead of now). */
    setTarget(targetNs: number): void {
        this.armed = true
        this.targetNs = targetNs
        this.schedule(targetNs)
    }

    disarm(): void {
        this.armed = false
        this.targetNs = NEVER
        this.schedule(NEVER)
    }

    /** The alarm's agent acts: the timer reached the target. Returns when it acts next: NEVER (disarmed). */
    fire(): number {
        this.armed = false
        this.raise(this.targetNs)
        this.targetNs = NEVER
        return NEVER
    }

    /** Forces the interrupt (INTF), for a target `forNs` the software found already past. */
    force(forNs: number): void {
        this.raise(forNs)
    }

    private raise(atNs: number): void {
        this.fired = true
        this.firedNs = atNs
        this.controllers[this.core].assert(this.lineIndex, true)
    }

    /** The handler clears the interrupt (writes INTR). */
    acknowledge(): void {
        this.fired = false
        this.controllers[this.core].assert(this.lineIndex, false)
    }
}
