/**
 * The timer fiber: the DeviceScript port's alarms and the kernel's tick, on one fiber that
 * suspends until the next deadline (src/port/alarm-timer.ts; that file runs only in the VM, so
 * its `step` is mirrored here line for line). Deadlines are whole ms of the VM's clock; a
 * periodic alarm keeps its grid, and a fire later than a whole period skips the periods it
 * missed and counts them (`missed`) instead of firing in a burst. A fire raises the alarm's line
 * (status = index, value = fires so far) stamped with its ms, and the drivers' ISRs run inside
 * the slice. The kernel's tick (every `tickMs`) runs Kernel.tick and lets the pin scan relax.
 */
import { InterruptLine, Kernel } from "../../../src/kernel"
import { PinScan } from "../../../src/port/pin-scan"
import { Costs } from "./costs"
import { Fiber, Vm } from "./vm"

class Alarm {
    armed = false
    nextMs = 0
    periodMs = 0
    fires = 0
    /** Periods skipped (a fire later than a whole period), and fires after their deadline. */
    missed = 0
    late = 0
    /** A one-shot list (the simulator's armAlarmTimes): the deadlines still to come, ms. */
    times: number[] = []
    constructor(readonly index: number, readonly line: InterruptLine, readonly core: number) {}
}

export class TimerFiber extends Fiber {
    private byIndex: (Alarm | null)[] = []
    private attached: Alarm[] = []
    private nextTickMs = 0
    private vm: Vm | null = null

    constructor(count: number, private kernel: Kernel, private scan: PinScan, private costs: Costs, private tickMs: number) {
        super("timer", "timer")
        for (let i = 0; i < count; i++) this.byIndex.push(null)
    }

    /** The fiber runs on `vm` from `nowMs` (the kernel's tick first due one period later). */
    started(vm: Vm, nowMs: number): void {
        this.vm = vm
        this.nextTickMs = nowMs + this.tickMs
    }

    attach(index: number, line: InterruptLine, core: number): void {
        const a = new Alarm(index, line, core)
        this.byIndex[index] = a
        this.attached.push(a)
    }

    isAttached(index: number): boolean {
        return this.byIndex[index] !== null && this.byIndex[index] !== undefined
    }

    private alarm(index: number): Alarm {
        return this.byIndex[index] as Alarm
    }

    /** Arms alarm `index` (AlarmTimer.arm): first after `delayUs`, then every `periodUs`, rounded up to whole ms. */
    arm(index: number, nowMs: number, delayUs: number, periodUs: number): void {
        const a = this.alarm(index)
        a.armed = true
        a.times = []
        a.nextMs = nowMs + Math.ceil(delayUs / 1000)
        a.periodMs = periodUs > 0 ? Math.max(1, Math.ceil(periodUs / 1000)) : 0
        this.wake()
    }

    /** Arms alarm `index` for each of `timesNs` in turn (one-shot), each rounded up to whole ms. */
    armTimes(index: number, timesNs: number[]): void {
        const a = this.alarm(index)
        if (timesNs.length === 0) return
        const ms = timesNs.map(ns => Math.ceil(ns / 1e6))
        a.armed = true
        a.periodMs = 0
        a.nextMs = ms[0]
        a.times = ms.slice(1)
        this.wake()
    }

    disarm(index: number): void {
        this.alarm(index).armed = false
    }

    /** Arming resumes the fiber, so that it waits for the new deadline. */
    private wake(): void {
        if (this.vm !== null) this.vm.resume(this)
    }

    missedOf(line: InterruptLine, core: number): number {
        let n = 0
        for (const a of this.attached) if (a.line === line && a.core === core) n += a.missed
        return n
    }

    lateOf(line: InterruptLine, core: number): number {
        let n = 0
        for (const a of this.attached) if (a.line === line && a.core === core) n += a.late
        return n
    }

    slice(vm: Vm): void {
        const wait = this.step(vm.syncedMs)
        if (wait < 0) vm.suspend(this)
        else vm.suspend(this, wait)
    }

    /** AlarmTimer.step: fires what is due at `nowMs`, runs the kernel's tick when due; the ms to the next deadline (-1: none). */
    private step(nowMs: number): number {
        let wait = -1
        let fired = 0
        for (const a of this.attached) {
            if (!a.armed) continue
            let next = a.nextMs
            if (next <= nowMs) {
                if (next < nowMs) a.late++
                const period = a.periodMs
                if (period > 0) {
                    next = next + period
                    if (next <= nowMs) {
                        const skipped = Math.floor((nowMs - next) / period) + 1
                        a.missed += skipped
                        next += skipped * period
                    }
                    a.nextMs = next
                } else if (a.times.length > 0) {
                    next = a.times.shift() as number
                    a.nextMs = next
                } else a.armed = false
                this.fire(a, nowMs)
                fired++
                if (!a.armed) continue
            }
            const d = Math.max(0, next - nowMs)
            if (wait < 0 || d < wait) wait = d
        }
        let tickDue = false
        if (this.tickMs > 0) {
            if (this.nextTickMs <= nowMs) {
                tickDue = true
                this.nextTickMs = nowMs + this.tickMs
                this.costs.inTick = true
                this.kernel.tick()
                this.costs.inTick = false
                this.scan.relax(nowMs * 1e6)
            }
            const d = this.nextTickMs - nowMs
            if (wait < 0 || d < wait) wait = d
        }
        this.costs.timer(this.attached.length, fired, tickDue)
        if (fired > 0 || tickDue) this.label = "timer"
        this.events = fired
        return wait
    }

    /** AlarmTimer.fire: counts the fire and raises the alarm's line, stamped at its ms. */
    private fire(a: Alarm, nowMs: number): void {
        const n = a.fires + 1
        a.fires = n
        this.costs.raise(a.line, a.index, `alarm${a.index}`, () => a.line.raiseAt(a.core, a.index, n, nowMs * 1e6))
    }
}
