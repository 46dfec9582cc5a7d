/**
 * The SDK's timer alarm handler on the native host: the ISR of one alarm's line (IrqService),
 * and the software schedule it re-arms the alarm from. The hardware disarms an alarm when it
 * fires (alarm.ts); every later fire is the software's doing:
 *
 * - `arm(first, period)` (hal.armAlarm): fires at `first`, then every `period` (0: once);
 *   `armTimes(list)`: fires at each listed time (the scenario's one-shot lists).
 * - Setting a target is pico-sdk's timer_hardware_alarm_set_target: it clears a fire still
 *   pending (counted `missed`: it never reaches the ISR), and a target already reached is
 *   reported missed by the SDK (the hardware alone would wait for the 32-bit wrap, 71.6 min):
 *   the interrupt is forced and the fire delivered at once, counted `late`.
 * - Taken: the handler clears the interrupt. It costs the board's `dispatchCycles`, the
 *   source's own cycles (the callback: request the DPC) and, when the schedule goes on, the
 *   board's `rearmCycles`.
 * - Its work done, it hands the fire to the kernel (status = alarm index, value = fires so far,
 *   stamped with the target it fired for) and re-arms: catch-up, as pico-sdk's
 *   alarm_pool_irq_handler (pico_time/time.c) does for a repeating timer and ESP-IDF's
 *   timer_process_alarm (esp_timer.c) for a periodic one: the next target is the previous one
 *   plus the period, never drifting; when it is already reached the handler goes round again
 *   and fires it at once, late (counted), paying the callback and the re-arm again. So a
 *   period shorter than the handler keeps the core in the handler, as on the chip.
 */
import { InterruptLine } from "../../src/kernel"
import { NativeSpec } from "../board-spec"
import { Alarm } from "./alarm"
import { IrqService } from "./irq-service"
import { SimClock } from "./sim-clock"

const NO_TIMES: number[] = []

export class AlarmHandler implements IrqService {
    readonly name: string
    /** The kernel's line for this alarm; null until the app watches the alarm. */
    line: InterruptLine | null = null
    /** The callback's cycles per fire (the source's isr_cycles). */
    isrCycles = 0
    /** Fires handed to the kernel. */
    fires = 0
    /** Of those, fires whose target had passed when the software set it. */
    late = 0
    /** Pending fires cleared by a new target or a disarm before the ISR read them. */
    missed = 0
    // The schedule: a period (0: none) or a list of targets from `nextIndex`; the last target set.
    private periodNs = 0
    private times: number[] = NO_TIMES
    private nextIndex = 0
    private lastTargetNs = 0
    /** The target of the fire the handler is delivering, and fires handed over in this ISR. */
    private stampNs = 0
    private count = 0

    constructor(readonly alarm: Alarm, private costs: NativeSpec["alarmIsr"], private clock: SimClock) {
        this.name = alarm.name
    }

    /** Fires first at `firstNs`, then every `periodNs` (0: once). Replaces any earlier setting. */
    arm(firstNs: number, periodNs: number): void {
        const a = this.alarm
        this.periodNs = periodNs > 0 ? Math.max(a.round(1), a.round(periodNs)) : 0
        this.times = NO_TIMES
        this.nextIndex = 0
        this.program(a.round(firstNs))
    }

    /** Fires at each of `timesNs` (increasing). Replaces any earlier setting. */
    armTimes(timesNs: number[]): void {
        if (timesNs.length === 0) return this.disarm()
        this.periodNs = 0
        this.times = timesNs.map(t => this.alarm.round(t))
        this.nextIndex = 1
        this.program(this.times[0])
    }

    disarm(): void {
        this.periodNs = 0
        this.times = NO_TIMES
        this.alarm.disarm()
        this.dropPending()
    }

    private dropPending(): void {
        if (!this.alarm.fired) return
        this.alarm.acknowledge()
        this.missed++
    }

    /** Sets the hardware target, as timer_hardware_alarm_set_target does (see the file comment). */
    private program(targetNs: number): void {
        this.dropPending()
        this.lastTargetNs = targetNs
        if (targetNs > this.clock.nowNs()) {
            this.alarm.setTarget(targetNs)
            return
        }
        this.late++
        this.alarm.disarm()
        this.alarm.force(targetNs)
    }

    private goesOn(): boolean {
        return this.periodNs > 0 || this.nextIndex < this.times.length
    }

    enter(_core: number, _entryNs: number): number {
        this.alarm.acknowledge()
        this.stampNs = this.alarm.firedNs
        this.count = 0
        return this.costs.dispatchCycles + this.isrCycles + (this.goesOn() ? this.costs.rearmCycles : 0)
    }

    finish(core: number): number {
        const line = this.line
        if (line === null) throw new Error(`${this.name}: interrupt taken with no kernel line`)
        for (;;) {
            line.raiseAt(core, this.alarm.index, ++this.fires, this.stampNs)
            this.count++
            if (!this.goesOn()) return 0
            const next = this.periodNs > 0 ? this.lastTargetNs + this.periodNs : this.times[this.nextIndex++]
            this.lastTargetNs = next
            if (next > this.clock.nowNs()) {
                this.alarm.setTarget(next)
                return 0
            }
            // Already reached: round again, late (at once when that costs nothing).
            this.late++
            this.stampNs = next
            const cycles = this.isrCycles + (this.goesOn() ? this.costs.rearmCycles : 0)
            if (cycles > 0) return cycles
        }
    }

    handled(_core: number): number {
        return this.count
    }
}
